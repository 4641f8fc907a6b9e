//! A running child, from the manager's side: its task decides (`completion.rs`, `activity.rs`,
//! `health.rs`, `fallback.rs`, each a set of `Task` methods that return a decision), and this
//! file turns each decision into what the manager does: a read or a prompt of the child, a
//! deadline, an ending, a notice to its parent.

use crate::activity::{Sign, Woken};
use crate::api::*;
use crate::budget::Spending;
use crate::completion::{ANSWER_PROMPT, Idle, NoAnswer, VERIFY_LIMIT, Verified, no_answer_error};
use crate::effects::Effect;
use crate::events::{ErrorInfo, TodoInfo};
use crate::fallback::{is_rate_limit, is_retryable, is_unknown_agent};
use crate::health::{Health, Wake};
use crate::manager::{Manager, Purpose};
use crate::panel::Change;
use crate::task::{Asked, Ending};
use crate::timers::TimerKey;
use std::collections::BTreeSet;

impl Manager {
    // ------------------------------------------------------------------ completion

    /// An idle for a running child: the start of finding out whether it is done.
    pub(crate) fn idle_candidate(&mut self, id: &str, now: Timestamp) {
        let min_runtime = self.config.min_runtime_ms;
        let Some(task) = self.tasks.get_mut(id) else { return };
        match task.on_idle(now, min_runtime) {
            Idle::Ignore => {}
            Idle::DeferUntil(at) => self.timers.set(TimerKey::Recheck(id.to_string()), at),
            Idle::Verify => self.verify(id),
        }
    }

    /// An early idle's deadline: the task has run long enough to be checked now.
    pub(crate) fn recheck(&mut self, id: &str) {
        if self.tasks.get_mut(id).is_some_and(|t| t.on_recheck()) {
            self.verify(id);
        }
    }

    fn verify(&mut self, id: &str) {
        let Some(check) = self.tasks.get_mut(id).and_then(|t| t.begin_check()) else { return };
        let request = SdkRequest::SessionMessages { session_id: check.session, limit: Some(VERIFY_LIMIT) };
        let purpose = Purpose::Verify { task: id.to_string(), generation: check.generation, epoch: check.epoch };
        self.call(purpose, request);
    }

    /// The child's messages came back: what they say ends the task, holds it, or waits.
    pub(crate) fn on_verified(
        &mut self,
        id: &str,
        generation: u64,
        epoch: u64,
        reply: Result<String, SdkError>,
        now: Timestamp,
    ) {
        let Some(task) = self.tasks.get_mut(id) else { return };
        match task.on_checked(generation, epoch, reply) {
            Verified::Stale | Verified::MovedOn => {}
            Verified::SessionGone { reason } => {
                let options = CancelOptions { abort_session: false, notify_parent: true };
                let _ = self.cancel_task(id, options, &reason, now);
            }
            Verified::ContinueAfterRestart { session } => {
                self.out.log(LogLevel::Info, format!("{id}: its run was cut off by a restart; continuing it"));
                self.prompt_child(id, &session, crate::snapshot::CONTINUE_PROMPT.to_string(), None);
            }
            Verified::AwaitAnswer => {
                self.timers.set(TimerKey::NoAnswer(id.to_string()), now.saturating_add(self.config.idle_no_answer_ms));
            }
            Verified::HoldForTodos => {
                self.timers.set(TimerKey::TodoGrace(id.to_string()), now.saturating_add(self.config.todo_grace_ms));
            }
            Verified::Completed { result } => self.finish(id, Ending::Completed { result }, now),
            Verified::Failed(err) => {
                let status = err.data.as_ref().and_then(|d| d.status_code);
                self.fail_or_fall_back(id, &err.name, &err.text(), status, now)
            }
            Verified::Aborted { message } => self.finish(
                id,
                Ending::cancelled(format!("Its session was aborted by the user or another client ({message})")),
                now,
            ),
            Verified::Unreadable { message } => {
                self.out.log(LogLevel::Warn, format!("{id}: could not read the child's messages: {message}"));
            }
        }
    }

    /// A child stayed idle without answering for `idleNoAnswerMs`: asked once, then failed.
    pub(crate) fn on_no_answer(&mut self, id: &str, now: Timestamp) {
        let waited = self.config.idle_no_answer_ms;
        let Some(task) = self.tasks.get_mut(id) else { return };
        match task.on_no_answer() {
            NoAnswer::Ignore => {}
            NoAnswer::Fail => self.finish(id, Ending::failed(no_answer_error(waited)), now),
            NoAnswer::Ask { session } => {
                let waited = crate::format::duration(waited);
                self.out.log(LogLevel::Info, format!("{id}: idle for {waited} without an answer; asking for it"));
                self.prompt_child(id, &session, ANSWER_PROMPT.to_string(), None);
            }
        }
    }

    /// Open todos held a finished task back long enough: it completes with a note.
    pub(crate) fn on_todo_grace_over(&mut self, id: &str, now: Timestamp) {
        let grace = self.config.todo_grace_ms;
        if let Some(result) = self.tasks.get(id).and_then(|t| t.result_after_todo_grace(grace)) {
            self.finish(id, Ending::Completed { result }, now);
        }
    }

    /// A status poll is due: one at a time, while tasks run.
    pub(crate) fn poll_status(&mut self) {
        if self.tasks.any_running() && !self.poll_in_flight {
            self.poll_in_flight = true;
            self.call(Purpose::Poll, SdkRequest::SessionStatus);
        }
    }

    /// The safety net: the status map lists only busy sessions, so a running child missing
    /// from it is an idle candidate. Then the health checks, over running tasks only.
    pub(crate) fn on_poll(&mut self, reply: Result<String, SdkError>, now: Timestamp) {
        self.poll_in_flight = false;
        let map = match reply.map(|json| serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&json)) {
            Ok(Ok(map)) => map,
            Ok(Err(e)) => {
                return self.out.log(LogLevel::Warn, format!("status poll: unreadable reply: {e}"));
            }
            Err(e) => {
                return self.out.log(LogLevel::Warn, format!("status poll failed: {}", e.message));
            }
        };
        let candidates: Vec<String> = self
            .tasks
            .running()
            .filter(|id| self.tasks.get(id).is_some_and(|t| t.idle_in_poll(&map)))
            .cloned()
            .collect();
        for id in candidates {
            self.idle_candidate(&id, now);
        }
        let busy: BTreeSet<String> = map.keys().cloned().collect();
        self.check_health(&busy, now);
    }

    // ------------------------------------------------------------------ activity

    /// Any sign of life from a session: its running task's activity is touched (a delta, the
    /// most frequent event, finds it with one look-up and copies nothing).
    pub(crate) fn touch(&mut self, session: &str, now: Timestamp) {
        let Some(task) = self.tasks.running_mut_of(session) else { return };
        let woken = task.touch(now, Sign::Progress);
        if woken.from_unanswered || woken.from_block {
            let id = task.id.clone();
            self.on_woken(&id, woken);
        }
    }

    /// Any sign of life of a running task: refresh activity, invalidate a verdict being fetched,
    /// and end what an earlier silence started (waiting to ask for an answer; a block whose
    /// reply was lost).
    pub(crate) fn touch_task(&mut self, id: &str, now: Timestamp, sign: Sign) {
        if let Some(task) = self.tasks.get_mut(id) {
            let woken = task.touch(now, sign);
            let change = if woken.from_block { Change::Status } else { Change::Progress };
            self.on_woken(id, woken);
            self.show_task(id, change, now);
        }
    }

    fn on_woken(&mut self, id: &str, woken: Woken) {
        if woken.from_unanswered {
            self.timers.clear(&TimerKey::NoAnswer(id.to_string()));
        }
        if woken.from_block {
            self.out.log(LogLevel::Debug, format!("{id}: active again, no longer waiting for input"));
        }
    }

    /// The child works (again): whatever was pending on its last idle no longer applies.
    pub(crate) fn on_child_busy(&mut self, id: &str, now: Timestamp) {
        // A child waiting for a permission or an answer is busy too.
        self.touch_task(id, now, Sign::Alive);
        if self.tasks.get_mut(id).is_some_and(|t| t.on_busy()) {
            self.timers.clear(&TimerKey::Recheck(id.to_string()));
            self.timers.clear(&TimerKey::TodoGrace(id.to_string()));
        }
    }

    /// OpenCode retries the provider: with a fallback left and a retryable message the task
    /// moves to the next model; otherwise OpenCode is left to retry.
    pub(crate) fn on_provider_retry(&mut self, id: &str, attempt: u32, message: &str, now: Timestamp) {
        self.touch_task(id, now, Sign::Progress);
        // OpenCode retries a provider that refused for load (rate limits, overload).
        self.rate_limited(id, now);
        let has_fallback = self.tasks.get(id).is_some_and(|t| !t.fallback.is_empty());
        if has_fallback && is_retryable("", message, None) {
            self.fail_or_fall_back(id, "", message, None, now);
        } else {
            self.out.log(LogLevel::Info, format!("{id}: provider retry #{attempt}: {message}"));
        }
    }

    /// An assistant message of the child changed: an error ends or moves the task; otherwise
    /// its token and cost totals are kept.
    pub(crate) fn on_assistant_message(
        &mut self,
        id: &str,
        message: &Message,
        error: Option<ErrorInfo>,
        now: Timestamp,
    ) {
        self.touch_task(id, now, Sign::Alive);
        if let Some(err) = error.filter(|e| !e.is_abort()) {
            let status = err.data.as_ref().and_then(|d| d.status_code);
            return self.fail_or_fall_back(id, &err.name, &err.text(), status, now);
        }
        let Some(task) = self.tasks.get_mut(id) else { return };
        let before = task.spent();
        task.record_usage(message);
        let after = task.spent();
        if before != after && !self.config.session_budget.is_unlimited() {
            let parent = task.parent.session_id.clone();
            if let Some(text) = self.ledger.charge(&parent, before, after, &self.config.session_budget) {
                self.notify_info(&parent, text, false);
            }
        }
        self.check_budget(id, now);
    }

    /// A part of the child's message changed: tool calls are counted (and may trip the
    /// breaker); its latest words are kept as an excerpt.
    pub(crate) fn on_part(&mut self, id: &str, part: &Part, now: Timestamp) {
        // The tool call that asked for a permission is updated while it waits; one that ended,
        // or any other part, is new work.
        let sign = match part {
            Part::Tool(t) if matches!(t.status, ToolStatus::Pending | ToolStatus::Running | ToolStatus::Other) => {
                Sign::Alive
            }
            _ => Sign::Progress,
        };
        self.touch_task(id, now, sign);
        match part {
            Part::Tool(tool) => self.on_tool_part(id, tool, now),
            Part::Text { text, synthetic } => {
                if let Some(task) = self.tasks.get_mut(id) {
                    task.record_text(text, *synthetic);
                }
            }
            Part::Other => {}
        }
    }

    /// The child's todo list changed: a task held back only by open todos completes when the
    /// last one closes.
    pub(crate) fn on_todos(&mut self, id: &str, list: Vec<TodoInfo>, now: Timestamp) {
        if let Some(result) = self.tasks.get_mut(id).and_then(|t| t.set_todos(list)) {
            self.finish(id, Ending::Completed { result }, now);
        }
    }

    // ------------------------------------------------------------------ health

    /// Run on every status poll, over running tasks only. `busy` holds the sessions OpenCode
    /// reports as working.
    pub(crate) fn check_health(&mut self, busy: &BTreeSet<String>, now: Timestamp) {
        let ids: Vec<String> = self.tasks.running().cloned().collect();
        for id in ids {
            let Some(task) = self.tasks.get_mut(&id) else { continue };
            let Some(is_busy) = task.session_id.as_ref().map(|s| busy.contains(s)) else { continue };
            let checkup = task.check_health(is_busy, now, &self.config);
            let parent = task.parent.session_id.clone();
            if checkup.unblocked {
                self.out.log(LogLevel::Info, format!("{id}: no longer waiting for input (its session is idle)"));
            }
            match checkup.health {
                Health::Fine => self.check_budget(&id, now),
                Health::Stop(reason) => {
                    let options = CancelOptions { abort_session: true, notify_parent: true };
                    let _ = self.cancel_task(&id, options, &reason, now);
                }
                Health::Warn { text, wake } => self.notify_info(&parent, text, wake == Wake::Parent),
            }
        }
    }

    /// Its run nears its budget (its parent is told once, quietly) or reached it (it is stopped).
    fn check_budget(&mut self, id: &str, now: Timestamp) {
        let Some(task) = self.tasks.get_mut(id) else { return };
        match task.check_budget(now) {
            Spending::Fine => {}
            Spending::Warn(text) => {
                let parent = task.parent.session_id.clone();
                self.notify_info(&parent, text, false);
            }
            Spending::Stop(reason) => {
                let options = CancelOptions { abort_session: true, notify_parent: true };
                let _ = self.cancel_task(id, options, &reason, now);
            }
        }
    }

    /// A tool call of the child: counted, and the circuit breaker may stop the task.
    pub(crate) fn on_tool_part(&mut self, id: &str, part: &ToolPart, now: Timestamp) {
        let (max_total, max_repeat) = (self.config.max_tool_calls, self.config.max_repeated_tool_calls);
        let Some(task) = self.tasks.get_mut(id) else { return };
        if let Some(reason) = task.on_tool_part(part, max_total, max_repeat) {
            let options = CancelOptions { abort_session: true, notify_parent: true };
            let _ = self.cancel_task(id, options, &reason, now);
        }
    }

    /// The child waits for a permission or an answer: its parent is told, once per request, in
    /// a notice that wakes it.
    pub(crate) fn on_blocked(&mut self, id: &str, asked: Asked, what: String, now: Timestamp) {
        let Some(task) = self.tasks.get_mut(id) else { return };
        // A request is a sign of life, but not the end of a block (`touch` would be).
        task.note_activity(now);
        if let Some(text) = task.on_blocked(asked, what, now) {
            let parent = task.parent.session_id.clone();
            self.notify_info(&parent, text, true);
            self.show(&parent, Change::Status, now);
        }
    }

    /// Someone answered the child.
    pub(crate) fn on_unblocked(&mut self, id: &str) {
        if let Some(task) = self.tasks.get_mut(id) {
            task.blocked = None;
        }
    }

    // ------------------------------------------------------------------ errors and fallback

    /// A running task hit `error`. An unknown agent interrupts it; otherwise it falls back to
    /// the next model when the error is retryable and the chain has an entry left, or fails.
    pub(crate) fn fail_or_fall_back(
        &mut self,
        id: &str,
        name: &str,
        message: &str,
        status: Option<u16>,
        now: Timestamp,
    ) {
        if is_unknown_agent(name, message) {
            return self.interrupt_unknown_agent(id, now);
        }
        if is_rate_limit(name, message, status) {
            self.rate_limited(id, now);
        }
        let can = self.tasks.get(id).is_some_and(|t| t.status == TaskStatus::Running && !t.fallback.is_empty());
        if can && is_retryable(name, message, status) {
            self.fall_back(id, message, now);
        } else {
            self.finish(id, Ending::failed(message), now);
        }
    }

    /// The task's agent does not exist: its child is aborted (it holds a session, perhaps a
    /// run) and the task ends `interrupted` with a message naming the agent.
    pub(crate) fn interrupt_unknown_agent(&mut self, id: &str, now: Timestamp) {
        let Some(task) = self.tasks.get(id).filter(|t| t.status == TaskStatus::Running) else { return };
        let message = format!(
            "Agent \"{}\" not found. Make sure the agent is registered in your opencode.json or provided by a plugin.",
            task.agent
        );
        if let Some(session) = task.session_id.clone() {
            self.call(Purpose::Abort, SdkRequest::AbortSession(session));
        }
        self.finish(id, Ending::Interrupted { error: message }, now);
    }

    /// Moves the task to its next model: the old attempt's deadlines, slot, session and
    /// interest go, and the task queues again under its new key.
    fn fall_back(&mut self, id: &str, reason: &str, now: Timestamp) {
        let Some(fell) = self.tasks.get_mut(id).and_then(|t| t.fall_back(reason, now)) else { return };
        for timer in [TimerKey::Recheck(id.into()), TimerKey::TodoGrace(id.into()), TimerKey::NoAnswer(id.into())] {
            self.timers.clear(&timer);
        }
        self.tasks.mark_stopped(id);
        if let Some(session) = fell.old_session {
            self.tasks.unbind_session(&session);
            self.call(Purpose::Abort, SdkRequest::AbortSession(session.clone()));
            self.refresh_parent_interest(&session);
        }
        let (from, to) = (&fell.from, &fell.to);
        self.out.log(LogLevel::Warn, format!("{id}: {from} failed ({reason}); falling back to {to}"));
        self.out.push(Effect::Toast(Toast {
            title: "Background task retrying".into(),
            message: format!("{from} failed; retrying on {to}"),
            variant: ToastVariant::Warning,
            duration_ms: 4_000,
        }));
        self.release_slot(&fell.old_key, now);
        self.enqueue_or_start(id, now);
        self.mark_dirty();
    }
}
