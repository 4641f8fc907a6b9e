//! Knowing when a task is done. Idle (an event, or absence from the status map when polling)
//! is only a candidate: it is deferred when it comes before the minimum runtime, then checked
//! against the child's messages, and held back a while by open todos. Also here: progress from
//! child events, reply routing, and the timer dispatch.

use crate::api::*;
use crate::events::{self, SessionEvent, StatusKind};
use crate::format;
use crate::manager::{Manager, Purpose};
use crate::messages::{self, Verdict};
use crate::task::{Ending, Origin, Phase, Todo, Usage};
use crate::timers::TimerKey;

/// How many of the newest messages a verification reads.
const VERIFY_LIMIT: u32 = 20;
/// Length of the "last message" excerpt kept in progress.
const EXCERPT: usize = 200;
/// Sent to a child that went idle without answering its prompt.
pub const ANSWER_PROMPT: &str = "You stopped without giving a final answer. Reply now with your final answer to the task \
     you were given: what you found or did, complete, in one message. Do not start new work.";

impl Manager {
    pub fn handle_event(&mut self, now: Timestamp, event: Event) {
        if self.shutting_down {
            return;
        }
        match event {
            Event::PartDelta { session_id } => self.touch(&session_id, now),
            Event::Session { event_type, session_id, properties } => match events::decode(&event_type, &properties) {
                Ok(decoded) => self.on_session_event(&session_id, decoded, now),
                Err(message) => {
                    self.malformed = self.malformed.saturating_add(1);
                    self.out.log(LogLevel::Warn, message);
                }
            },
        }
        self.after_input(now);
    }

    /// A running task of this child session, if any.
    fn running_task_of(&self, session: &str) -> Option<String> {
        let id = self.by_session.get(session)?;
        let task = self.tasks.get(id)?;
        (task.status == TaskStatus::Running).then(|| id.clone())
    }

    /// Any sign of life: refresh activity, invalidate a verdict being fetched, and end what
    /// an earlier silence started (waiting to ask for an answer; a block whose reply was lost).
    fn touch(&mut self, session: &str, now: Timestamp) {
        let Some(id) = self.note_activity(session, now) else { return };
        if let Some(task) = self.tasks.get_mut(&id) {
            if task.phase == Phase::Unanswered {
                task.phase = Phase::Working;
                self.timers.clear(&TimerKey::NoAnswer(id.clone()));
            }
            if task.blocked.take().is_some() {
                self.out.log(LogLevel::Debug, format!("{id}: active again, no longer waiting for input"));
            }
        }
    }

    /// Activity of a running child (without touching its block): returns its task.
    fn note_activity(&mut self, session: &str, now: Timestamp) -> Option<String> {
        let id = self.running_task_of(session)?;
        let task = self.tasks.get_mut(&id)?;
        task.progress.last_activity_at = Some(now);
        task.activity_epoch = task.activity_epoch.wrapping_add(1);
        task.restored = false;
        Some(id)
    }

    fn on_session_event(&mut self, session: &str, event: SessionEvent, now: Timestamp) {
        match event {
            SessionEvent::Deleted => return self.on_session_deleted(session, now),
            SessionEvent::Status(StatusKind::Idle) | SessionEvent::Idle => {
                if let Some(id) = self.running_task_of(session) {
                    self.idle_candidate(&id, now);
                } else {
                    self.on_parent_idle(session);
                }
                return;
            }
            _ => {}
        }
        let Some(id) = self.running_task_of(session) else {
            return;
        };
        match event {
            SessionEvent::Status(StatusKind::Busy) => {
                self.touch(session, now);
                self.resume_working(&id);
            }
            SessionEvent::Status(StatusKind::Retry { attempt, message }) => {
                self.touch(session, now);
                let has_fallback = self.tasks.get(&id).is_some_and(|t| !t.fallback.is_empty());
                if has_fallback && crate::fallback::is_retryable("", &message, None) {
                    self.fail_or_fall_back(&id, "", &message, None, now);
                } else {
                    // OpenCode retries the provider itself; without a fallback left, let it.
                    self.out.log(LogLevel::Info, format!("{id}: provider retry #{attempt}: {message}"));
                }
            }
            SessionEvent::Error(Some(err)) if !err.is_abort() => {
                let status = err.data.as_ref().and_then(|d| d.status_code);
                self.fail_or_fall_back(&id, &err.name, &err.text(), status, now);
            }
            SessionEvent::MessageUpdated(info) if info.role == "assistant" => {
                self.touch(session, now);
                if let Some(err) = info.error.as_ref().filter(|e| !e.is_abort()) {
                    let status = err.data.as_ref().and_then(|d| d.status_code);
                    return self.fail_or_fall_back(&id, &err.name, &err.text(), status, now);
                }
                if let Some(task) = self.tasks.get_mut(&id)
                    && (info.tokens.is_some() || info.cost.is_some())
                {
                    // A message's totals grow as it streams: keep the latest per message, sum them.
                    let tokens = info.tokens.unwrap_or_default();
                    let usage = Usage { input: tokens.input, output: tokens.output, cost: info.cost.unwrap_or(0.0) };
                    task.usage.insert(info.id.clone(), usage);
                    task.progress.tokens_in = task.usage.values().fold(0u64, |a, u| a.saturating_add(u.input));
                    task.progress.tokens_out = task.usage.values().fold(0u64, |a, u| a.saturating_add(u.output));
                    task.progress.cost = task.usage.values().map(|u| u.cost).sum();
                }
            }
            SessionEvent::PartUpdated(part) => {
                self.touch(session, now);
                if part.kind == "tool" {
                    return self.on_tool_part(&id, &part, now);
                }
                if part.kind == "text"
                    && part.synthetic != Some(true)
                    && let Some(text) = part.text.as_deref().filter(|t| !t.trim().is_empty())
                    && let Some(task) = self.tasks.get_mut(&id)
                {
                    task.progress.last_message = Some(format::tail(text, EXCERPT));
                }
            }
            SessionEvent::Todos(list) => {
                let Some(task) = self.tasks.get_mut(&id) else {
                    return;
                };
                task.todos = list.into_iter().map(|t| Todo { content: t.content, status: t.status }).collect();
                if task.phase == Phase::HeldByTodos && task.open_todos() == 0 {
                    let result = task.result.clone().unwrap_or_default();
                    self.finish(&id, Ending::Completed { result }, now);
                }
            }
            SessionEvent::PermissionAsked { request, permission, patterns } => {
                self.note_activity(session, now);
                let on = if patterns.is_empty() { String::new() } else { format!(" on {}", patterns.join(", ")) };
                self.on_blocked(&id, &request, format!("is waiting for permission `{permission}`{on}"), now);
            }
            SessionEvent::QuestionAsked { request, questions } => {
                self.note_activity(session, now);
                self.on_blocked(&id, &request, format!("is asking: {}", questions.join(" / ")), now);
            }
            SessionEvent::Answered => {
                self.touch(session, now);
                self.on_unblocked(&id);
            }
            _ => {}
        }
    }

    /// The child is busy again: whatever was pending on the last idle no longer applies.
    fn resume_working(&mut self, id: &str) {
        let Some(task) = self.tasks.get_mut(id) else {
            return;
        };
        if matches!(task.phase, Phase::Deferred | Phase::HeldByTodos) {
            task.phase = Phase::Working;
            self.timers.clear(&TimerKey::Recheck(id.to_string()));
            self.timers.clear(&TimerKey::TodoGrace(id.to_string()));
        }
    }

    fn on_session_deleted(&mut self, session: &str, now: Timestamp) {
        if let Some(id) = self.running_task_of(session).or_else(|| {
            let id = self.by_session.get(session)?;
            self.tasks.get(id).filter(|t| t.status == TaskStatus::Pending).map(|t| t.id.clone())
        }) {
            // OpenCode keeps a deleted session's run going until it is aborted.
            let options = CancelOptions { abort_session: true, notify_parent: true };
            let _ = self.cancel_inner(&id, options, "The child session was deleted", now);
        }
        // A deleted parent takes its whole subtree of tasks with it, and its pending notices.
        // The subtree is followed through the child sessions this manager created (those are
        // OpenCode descendants); a tracked session was started elsewhere and may live on, so
        // its task is cancelled but its session neither aborted nor followed.
        let mut stack = vec![session.to_string()];
        let mut guard = 0usize;
        while let Some(parent) = stack.pop() {
            guard += 1;
            if guard > 10_000 {
                break;
            }
            let Some(state) = self.drop_parent(&parent, now) else {
                continue;
            };
            let mut seen = std::collections::BTreeSet::new();
            for id in state.unfinished.iter().chain(state.tasks.iter()) {
                let Some(task) = self.tasks.get(id).filter(|t| t.parent.session_id == parent) else { continue };
                if !seen.insert(id.clone()) {
                    continue;
                }
                let launched = task.origin == Origin::Launched;
                if launched && let Some(child) = task.session_id.clone() {
                    stack.push(child);
                }
                let options = CancelOptions { abort_session: launched, notify_parent: false };
                let _ = self.cancel_inner(id, options, "The parent session was deleted", now);
            }
        }
    }

    /// An idle for a running child: the start of finding out whether it is done.
    pub(crate) fn idle_candidate(&mut self, id: &str, now: Timestamp) {
        let Some(task) = self.tasks.get_mut(id) else {
            return;
        };
        if task.status != TaskStatus::Running || task.phase != Phase::Working {
            return;
        }
        let earliest = task.started_at.unwrap_or(now).saturating_add(self.config.min_runtime_ms);
        if now < earliest {
            task.phase = Phase::Deferred;
            self.timers.set(TimerKey::Recheck(id.to_string()), earliest);
            return;
        }
        self.verify(id);
    }

    fn verify(&mut self, id: &str) {
        let Some(task) = self.tasks.get_mut(id) else {
            return;
        };
        let Some(session) = task.session_id.clone() else {
            return;
        };
        task.phase = Phase::Verifying;
        let (epoch, generation) = (task.activity_epoch, task.generation);
        let request = SdkRequest::SessionMessages { session_id: session, limit: Some(VERIFY_LIMIT) };
        self.call(Purpose::Verify { task: id.to_string(), generation, epoch }, request);
    }

    fn on_verified(&mut self, id: &str, generation: u64, epoch: u64, reply: Result<String, SdkError>, now: Timestamp) {
        let Some(task) = self.tasks.get_mut(id) else {
            return;
        };
        if task.status != TaskStatus::Running || task.phase != Phase::Verifying || task.generation != generation {
            return;
        }
        if task.activity_epoch != epoch {
            // The child moved on while we read: its next idle decides.
            task.phase = Phase::Working;
            return;
        }
        let verdict = match reply {
            Ok(json) => messages::verdict(&json),
            Err(e) if e.is_not_found() => {
                // The child session is gone (deleted while its event was lost, or a tracked
                // session that never existed): nothing will ever finish it.
                let reason = format!("The child session no longer exists: {}", e.message);
                let options = CancelOptions { abort_session: false, notify_parent: true };
                let _ = self.cancel_inner(id, options, &reason, now);
                return;
            }
            Err(e) => Err(e.message),
        };
        let verdict = match verdict {
            Ok(Verdict::CutShort(partial)) if !task.restored => Ok(partial.map_or(Verdict::NotDone, Verdict::Output)),
            other => other,
        };
        match verdict {
            Ok(Verdict::NotDone | Verdict::CutShort(_)) if task.restored => {
                // Restored, idle, and no answer to its prompt: its run died with the previous
                // OpenCode process. Continue the same session, once.
                task.restored = false;
                task.phase = Phase::Working;
                if let Some(session) = task.session_id.clone() {
                    self.out.log(LogLevel::Info, format!("{id}: its run was cut off by a restart; continuing it"));
                    self.prompt_child(id, &session, crate::snapshot::CONTINUE_PROMPT.to_string(), None);
                }
            }
            Ok(Verdict::NotDone | Verdict::CutShort(None)) => {
                // Idle, and no answer to its newest prompt: unless it moves again, it is asked
                // for its answer (or fails) at the deadline.
                task.phase = Phase::Unanswered;
                task.verified_quiet = Some(epoch);
                self.timers.set(TimerKey::NoAnswer(id.to_string()), now.saturating_add(self.config.idle_no_answer_ms));
            }
            Ok(Verdict::Output(text) | Verdict::CutShort(Some(text))) => {
                if task.open_todos() > 0 {
                    task.phase = Phase::HeldByTodos;
                    task.result = Some(text);
                    self.timers.set(TimerKey::TodoGrace(id.to_string()), now.saturating_add(self.config.todo_grace_ms));
                } else {
                    self.finish(id, Ending::Completed { result: text }, now);
                }
            }
            Ok(Verdict::Failed(err)) => {
                let status = err.data.as_ref().and_then(|d| d.status_code);
                self.fail_or_fall_back(id, &err.name, &err.text(), status, now)
            }
            Ok(Verdict::Aborted(message)) => {
                self.finish(id, Ending::cancelled(format!("The child session was aborted: {message}")), now)
            }
            Err(message) => {
                task.phase = Phase::Working;
                self.out.log(LogLevel::Warn, format!("{id}: could not read the child's messages: {message}"));
            }
        }
    }

    /// A child stayed idle without answering its newest prompt for `idleNoAnswerMs`. The first
    /// time in a run it is asked for its final answer; the second time the task fails and its
    /// slot is freed, instead of holding it until the stale timeout.
    fn on_no_answer(&mut self, id: &str, now: Timestamp) {
        let Some(task) = self.tasks.get_mut(id) else { return };
        if task.status != TaskStatus::Running || task.phase != Phase::Unanswered {
            return;
        }
        let waited = format::duration(self.config.idle_no_answer_ms);
        if task.asked_for_answer {
            let error = format!(
                "The sub-agent stopped without answering: it went idle without a final answer, was asked for one, and \
                 stopped again without it (each time for {waited}, config `idleNoAnswerMs`). Its session is kept."
            );
            return self.finish(id, Ending::failed(error), now);
        }
        task.asked_for_answer = true;
        task.phase = Phase::Working;
        // Read again at the next idle or poll, even if nothing else happens: a child that never
        // picks the prompt up is found idle without an answer a second time.
        task.verified_quiet = None;
        let Some(session) = task.session_id.clone() else { return };
        self.out.log(LogLevel::Info, format!("{id}: idle for {waited} without an answer; asking for it"));
        self.prompt_child(id, &session, ANSWER_PROMPT.to_string(), None);
    }

    /// The safety net: the status map lists only busy sessions, so a running child missing
    /// from it is an idle candidate.
    fn on_poll(&mut self, reply: Result<String, SdkError>, now: Timestamp) {
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
            .running
            .iter()
            .filter(|id| {
                self.tasks.get(*id).is_some_and(|t| {
                    t.phase == Phase::Working
                        && t.verified_quiet != Some(t.activity_epoch)
                        && t.session_id.as_ref().is_some_and(|s| !map.contains_key(s))
                })
            })
            .cloned()
            .collect();
        for id in candidates {
            self.idle_candidate(&id, now);
        }
        let busy: std::collections::BTreeSet<String> = map.keys().cloned().collect();
        self.check_health(&busy, now);
    }

    pub fn complete(&mut self, now: Timestamp, id: CallId, reply: Result<String, SdkError>) {
        if self.shutting_down {
            self.calls.finish(id);
            return;
        }
        match self.calls.finish(id) {
            Some(purpose) => self.route_reply(id, purpose, reply, now),
            None => self.out.log(LogLevel::Debug, format!("reply to unknown call {id} ignored")),
        }
        self.after_input(now);
    }

    /// A reply (or a call's timeout) goes to the handler of what the call was for.
    fn route_reply(&mut self, id: CallId, purpose: Purpose, reply: Result<String, SdkError>, now: Timestamp) {
        match purpose {
            Purpose::CreateSession { task, generation } => self.on_session_created(&task, generation, reply, now),
            Purpose::Prompt { task, generation } => self.on_prompt_sent(&task, generation, reply, now),
            Purpose::Verify { task, generation, epoch } => self.on_verified(&task, generation, epoch, reply, now),
            Purpose::Poll => self.on_poll(reply, now),
            Purpose::ParentContext { parent, limit } => self.on_parent_context(&parent, limit, reply, now),
            Purpose::Notice { parent, notice } => self.on_notice_sent(&parent, notice, reply, now),
            Purpose::Lineage { chain } => self.on_lineage_step(chain, reply, now),
            Purpose::Abort => {
                if let Err(e) = reply {
                    self.out.log(LogLevel::Warn, format!("abort {id} failed: {}", e.message));
                }
            }
        }
    }

    /// Calls that outlived `callTimeoutMs` fail with a timeout, each on its path's failure
    /// handling. A session being created may still appear later: that call keeps waiting,
    /// without a deadline, so the session is aborted if it does.
    fn expire_calls(&mut self, now: Timestamp) {
        let timeout = self.config.call_timeout_ms;
        while let Some((id, purpose)) = self.calls.pop_expired(now) {
            self.out.log(LogLevel::Warn, format!("call {id} ({purpose:?}) timed out after {timeout} ms"));
            if matches!(purpose, Purpose::CreateSession { .. }) {
                self.calls.await_late(id, purpose.clone());
            }
            self.route_reply(id, purpose, Err(crate::calls::timeout_error(timeout)), now);
        }
    }

    pub fn on_timer(&mut self, now: Timestamp) {
        if self.shutting_down {
            return;
        }
        // The host's one timer is spent now, even if it fired a little early (a JS timer may
        // run while the clock still reads just before the deadline): show it the deadline again.
        self.forget_shown_timer();
        while let Some(key) = self.timers.pop_due(now) {
            match key {
                TimerKey::Poll => {
                    if !self.running.is_empty() && !self.poll_in_flight {
                        self.poll_in_flight = true;
                        self.call(Purpose::Poll, SdkRequest::SessionStatus);
                    }
                }
                TimerKey::Persist => {
                    if self.dirty {
                        self.dirty = false;
                        let snapshot = self.snapshot();
                        self.out.push(crate::effects::Effect::Persist(snapshot));
                    }
                }
                TimerKey::Recheck(id) => {
                    if let Some(task) = self.tasks.get_mut(&id)
                        && task.phase == Phase::Deferred
                    {
                        task.phase = Phase::Working;
                        self.verify(&id);
                    }
                }
                TimerKey::TodoGrace(id) => {
                    if let Some(task) = self.tasks.get(&id).filter(|t| t.phase == Phase::HeldByTodos) {
                        let open = task.open_todos();
                        let mut result = task.result.clone().unwrap_or_default();
                        result.push_str(&format!(
                            "\n\n(Note: the task ended with {open} unfinished todo item(s) after a {} grace period.)",
                            format::duration(self.config.todo_grace_ms)
                        ));
                        self.finish(&id, Ending::Completed { result }, now);
                    }
                }
                TimerKey::NoAnswer(id) => self.on_no_answer(&id, now),
                TimerKey::QueueTtl(id) => {
                    if self.tasks.get(&id).is_some_and(|t| t.status == TaskStatus::Pending) {
                        let message =
                            format!("Timed out while queued after {}", format::duration(self.config.queue_ttl_ms));
                        self.finish(&id, Ending::failed(message), now);
                    }
                }
                TimerKey::Retention(id) => self.expire(&id),
                TimerKey::Coalesce(parent) => self.flush_fresh(&parent, now),
                TimerKey::Deliver(parent) => self.retry_delivery(&parent),
                TimerKey::CallDeadline => self.expire_calls(now),
            }
        }
        self.after_input(now);
    }
}
