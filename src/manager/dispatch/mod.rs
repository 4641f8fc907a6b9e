//! The manager's inputs. This file decodes bus events, replies and timers and routes each to
//! its handler: it is the one place that knows which handler an event type, a call's purpose or
//! a deadline goes to, and every input ends with `after_input`. The handlers, one file per kind
//! of input, ask the sub-machine or the task that decides and turn its decision into effects:
//! `launch.rs` (launch, start, lineage lookups), `continuation.rs` (resume, track), `queries.rs`
//! (queries and tool texts), `reads.rs` (results the parent reads: output, wait), `replies.rs` (answers to a child's requests), `child.rs` (a running child: completion, activity, health, fallback),
//! `notices.rs` (delivery to parents), `deletion.rs`, `restore.rs` (restore and adoption).

use crate::api::*;
use crate::events::{self, SessionEvent, StatusKind};
use crate::format;
use crate::manager::{Manager, Purpose};
use crate::task::Asked;
use crate::timers::TimerKey;

mod child;
mod continuation;
mod deletion;
mod launch;
mod notices;
mod panel;
mod prerequisites;
mod queries;
pub(crate) use queries::not_found;
mod reads;
mod replies;
mod restore;
mod throttle;

impl Manager {
    /// A bus event of a session the core declared interest in.
    pub fn handle_event(&mut self, now: Timestamp, event: Event) {
        if self.shutting_down {
            return;
        }
        match event {
            Event::PartDelta { session_id } => self.touch(&session_id, now),
            Event::PartUpdated { session_id, part } => {
                self.on_session_event(&session_id, SessionEvent::PartUpdated(part), now)
            }
            Event::MessageUpdated { session_id, message } => {
                match message.error.as_deref().map(events::decode_message_error).transpose() {
                    Ok(error) => self.on_session_event(&session_id, SessionEvent::MessageUpdated(message, error), now),
                    Err(reason) => self.on_malformed(reason),
                }
            }
            Event::Session { event_type, session_id, properties } => match events::decode(&event_type, &properties) {
                Ok(decoded) => self.on_session_event(&session_id, decoded, now),
                Err(reason) => self.on_malformed(reason),
            },
        }
        self.after_input(now);
    }

    /// An event that could not be decoded: counted and logged, and nothing else changes.
    fn on_malformed(&mut self, reason: String) {
        self.malformed = self.malformed.saturating_add(1);
        self.out.log(LogLevel::Warn, reason);
    }

    fn on_session_event(&mut self, session: &str, event: SessionEvent, now: Timestamp) {
        match event {
            SessionEvent::Deleted => self.on_session_deleted(session, now),
            SessionEvent::Status(StatusKind::Idle) | SessionEvent::Idle => match self.tasks.running_of(session) {
                Some(id) => self.idle_candidate(&id, now),
                None => self.on_parent_idle(session),
            },
            event => {
                if let Some(id) = self.tasks.running_of(session) {
                    self.on_child_event(&id, event, now);
                }
            }
        }
    }

    /// Any other event of a running task's child session.
    fn on_child_event(&mut self, id: &str, event: SessionEvent, now: Timestamp) {
        match event {
            SessionEvent::Status(StatusKind::Busy) => self.on_child_busy(id, now),
            SessionEvent::Status(StatusKind::Retry { attempt, message }) => {
                self.on_provider_retry(id, attempt, &message, now)
            }
            SessionEvent::Error(Some(err)) if !err.is_abort() => {
                let status = err.data.as_ref().and_then(|d| d.status_code);
                self.fail_or_fall_back(id, &err.name, &err.text(), status, now);
            }
            SessionEvent::MessageUpdated(message, error) if message.role == Role::Assistant => {
                self.on_assistant_message(id, &message, error, now)
            }
            SessionEvent::PartUpdated(part) => self.on_part(id, &part, now),
            SessionEvent::Todos(list) => self.on_todos(id, list, now),
            SessionEvent::PermissionAsked { request, permission, patterns } => {
                if let Some(rule) = self.config.auto_reply.iter().find(|r| r.matches(&permission, &patterns)) {
                    let message = rule.message.clone();
                    return self.auto_reject(id, request, &permission, message, now);
                }
                // The child's own words (its permission and patterns, its questions) stay in quotes.
                let on = if patterns.is_empty() {
                    String::new()
                } else {
                    format!(" on {}", format::quoted(&patterns.join(", "), 300))
                };
                let what = format!("is waiting for permission {}{on}", format::quoted(&permission, 100));
                self.on_blocked(id, Asked::Permission { id: request }, what, now);
            }
            SessionEvent::QuestionAsked { request, questions } => {
                let what = format!("is asking: {}", format::quoted(&questions.join(" / "), 500));
                let count = u32::try_from(questions.len()).unwrap_or(u32::MAX);
                self.on_blocked(id, Asked::Question { id: request, count }, what, now);
            }
            SessionEvent::Answered => {
                self.touch_task(id, now, crate::activity::Sign::Progress);
                self.on_unblocked(id);
            }
            _ => {}
        }
    }

    /// The reply to an SDK call the core made.
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
            Purpose::Agents => self.on_agents_listed(reply, now),
            Purpose::Reply { task, request } => self.on_reply_sent(&task, &request, reply),
            Purpose::Interrupt { task, generation } => self.on_interrupted(&task, generation, reply),
            Purpose::Publish { parent, shows } => self.on_published(&parent, shows, reply, now),
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

    /// The host's timer fired: every deadline that is due goes to its handler.
    pub fn on_timer(&mut self, now: Timestamp) {
        if self.shutting_down {
            return;
        }
        // The host's one timer is spent now, even if it fired a little early (a JS timer may
        // run while the clock still reads just before the deadline): show it the deadline again.
        self.forget_shown_timer();
        while let Some(key) = self.timers.pop_due(now) {
            match key {
                TimerKey::Poll => self.poll_status(),
                TimerKey::Persist => self.persist_if_dirty(),
                TimerKey::Recheck(id) => self.recheck(&id),
                TimerKey::TodoGrace(id) => self.on_todo_grace_over(&id, now),
                TimerKey::NoAnswer(id) => self.on_no_answer(&id, now),
                TimerKey::QueueTtl(id) => self.on_queue_ttl(&id, now),
                TimerKey::Retention(id) => self.expire(&id, now),
                TimerKey::Coalesce(parent) => self.flush_fresh(&parent, now),
                TimerKey::Deliver(parent) => self.retry_delivery(&parent),
                TimerKey::CallDeadline => self.expire_calls(now),
                TimerKey::Publish(parent) => self.publish(&parent, now),
            }
        }
        self.after_input(now);
    }
}
