//! Knowing when a task is done. Idle (an event, or absence from the status map when polling)
//! is only a candidate: it is deferred when it comes before the minimum runtime, then checked
//! against the child's messages, and held back a while by open todos. A child idle without an
//! answer is asked for one once, then fails. This file decides completion and nothing else:
//! inputs are routed in `dispatch.rs`, a child's other events are read in `activity.rs`.

use crate::api::*;
use crate::format;
use crate::manager::{Manager, Purpose};
use crate::messages::{self, Verdict};
use crate::task::{Ending, Phase};
use crate::timers::TimerKey;

/// How many of the newest messages a verification reads.
const VERIFY_LIMIT: u32 = 20;
/// Sent to a child that went idle without answering its prompt.
pub(crate) const ANSWER_PROMPT: &str = "You stopped without giving a final answer. Reply now with your final answer to the task \
     you were given: what you found or did, complete, in one message. Do not start new work.";

impl Manager {
    /// An idle for a running child: the start of finding out whether it is done.
    pub(crate) fn idle_candidate(&mut self, id: &str, now: Timestamp) {
        let Some(task) = self.tasks.get_mut(id) else {
            return;
        };
        if task.status != TaskStatus::Running || task.phase() != Phase::Working {
            return;
        }
        let earliest = task.started_at.unwrap_or(now).saturating_add(self.config.min_runtime_ms);
        if now < earliest {
            task.defer_check();
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
        task.start_verifying();
        let (epoch, generation) = (task.activity_epoch, task.generation);
        let request = SdkRequest::SessionMessages { session_id: session, limit: Some(VERIFY_LIMIT) };
        self.call(Purpose::Verify { task: id.to_string(), generation, epoch }, request);
    }

    pub(crate) fn on_verified(
        &mut self,
        id: &str,
        generation: u64,
        epoch: u64,
        reply: Result<String, SdkError>,
        now: Timestamp,
    ) {
        let Some(task) = self.tasks.get_mut(id) else {
            return;
        };
        if task.status != TaskStatus::Running || task.phase() != Phase::Verifying || task.generation != generation {
            return;
        }
        if task.activity_epoch != epoch {
            // The child moved on while we read: its next idle decides.
            task.work();
            return;
        }
        let verdict = match reply {
            Ok(json) => messages::verdict(&json),
            Err(e) if e.is_not_found() => {
                // The child session is gone (deleted while its event was lost, or a tracked
                // session that never existed): nothing will ever finish it.
                let reason = format!("The child session no longer exists: {}", e.message);
                let options = CancelOptions { abort_session: false, notify_parent: true };
                let _ = self.cancel_task(id, options, &reason, now);
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
                task.work();
                if let Some(session) = task.session_id.clone() {
                    self.out.log(LogLevel::Info, format!("{id}: its run was cut off by a restart; continuing it"));
                    self.prompt_child(id, &session, crate::snapshot::CONTINUE_PROMPT.to_string(), None);
                }
            }
            Ok(Verdict::NotDone | Verdict::CutShort(None)) => {
                // Idle, and no answer to its newest prompt: unless it moves again, it is asked
                // for its answer (or fails) at the deadline.
                task.wait_for_answer();
                task.verified_quiet = Some(epoch);
                self.timers.set(TimerKey::NoAnswer(id.to_string()), now.saturating_add(self.config.idle_no_answer_ms));
            }
            Ok(Verdict::Output(text) | Verdict::CutShort(Some(text))) => {
                if task.open_todos() > 0 {
                    task.hold_for_todos();
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
                task.work();
                self.out.log(LogLevel::Warn, format!("{id}: could not read the child's messages: {message}"));
            }
        }
    }

    /// A child stayed idle without answering its newest prompt for `idleNoAnswerMs`. The first
    /// time in a run it is asked for its final answer; the second time the task fails and its
    /// slot is freed, instead of holding it until the stale timeout.
    pub(crate) fn on_no_answer(&mut self, id: &str, now: Timestamp) {
        let Some(task) = self.tasks.get_mut(id) else { return };
        if task.status != TaskStatus::Running || task.phase() != Phase::Unanswered {
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
        task.work();
        // Read again at the next idle or poll, even if nothing else happens: a child that never
        // picks the prompt up is found idle without an answer a second time.
        task.verified_quiet = None;
        let Some(session) = task.session_id.clone() else { return };
        self.out.log(LogLevel::Info, format!("{id}: idle for {waited} without an answer; asking for it"));
        self.prompt_child(id, &session, ANSWER_PROMPT.to_string(), None);
    }

    /// The safety net: the status map lists only busy sessions, so a running child missing
    /// from it is an idle candidate.
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
            .running_ids
            .iter()
            .filter(|id| {
                self.tasks.get(*id).is_some_and(|t| {
                    t.phase() == Phase::Working
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

    /// A status poll is due: one at a time, while tasks run.
    pub(crate) fn poll_status(&mut self) {
        if !self.running_ids.is_empty() && !self.poll_in_flight {
            self.poll_in_flight = true;
            self.call(Purpose::Poll, SdkRequest::SessionStatus);
        }
    }

    /// An early idle's deadline: the task has run long enough to be checked now.
    pub(crate) fn recheck(&mut self, id: &str) {
        if let Some(task) = self.tasks.get_mut(id)
            && task.phase() == Phase::Deferred
        {
            task.work();
            self.verify(id);
        }
    }

    /// Open todos held a finished task back long enough: it completes with a note.
    pub(crate) fn on_todo_grace_over(&mut self, id: &str, now: Timestamp) {
        let Some(task) = self.tasks.get(id).filter(|t| t.phase() == Phase::HeldByTodos) else { return };
        let open = task.open_todos();
        let mut result = task.result.clone().unwrap_or_default();
        result.push_str(&format!(
            "\n\n(Note: the task ended with {open} unfinished todo item(s) after a {} grace period.)",
            format::duration(self.config.todo_grace_ms)
        ));
        self.finish(id, Ending::Completed { result }, now);
    }
}
