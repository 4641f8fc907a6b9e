//! Errors that another model could get past, and moving a task to the next model of its
//! fallback chain: the attempt is recorded, the slot released, the old child aborted, and the
//! task queued again under the new model's concurrency key (it gets a fresh child session).

use crate::api::*;
use crate::manager::{Manager, Purpose};
use crate::task::{Attempt, Ending};
use crate::timers::TimerKey;

/// Whether an error is worth retrying on another model: rate limits, overload, 5xx, an
/// unavailable, unknown or missing model or provider. Billing and quota errors are not: the next
/// model of the same account would fail the same way.
pub(crate) fn is_retryable(name: &str, message: &str, status: Option<u16>) -> bool {
    let text = format!("{name} {message}").to_lowercase();
    const STOP: [&str; 5] =
        ["insufficient", "quota exceeded", "exceeded your current quota", "billing", "credit balance"];
    if STOP.iter().any(|p| text.contains(p)) {
        return false;
    }
    if let Some(code) = status
        && (code == 429 || (500..=599).contains(&code))
    {
        return true;
    }
    const RETRY: [&str; 16] = [
        "rate limit",
        "ratelimit",
        "rate_limit",
        "too many requests",
        "overloaded",
        "unavailable",
        "model not found",
        "modelnotfound",
        "unknown model",
        "no such model",
        "model_not_found",
        "provider not found",
        "providernotfound",
        "unknown provider",
        "timed out",
        "timeout",
    ];
    if RETRY.iter().any(|p| text.contains(p)) {
        return true;
    }
    // Status codes spelled in the message ("503 Service Unavailable", "HTTP 429").
    text.split(|c: char| !c.is_ascii_digit())
        .filter_map(|n| n.parse::<u16>().ok())
        .any(|code| code == 429 || code == 529 || (500..=504).contains(&code))
}

/// Whether an error says the agent does not exist: OpenCode reports it as a `session.error`
/// (`Agent not found: "x". Available agents: …`) after accepting the prompt, or as the prompt's
/// own error. No other model helps with that.
pub(crate) fn is_unknown_agent(name: &str, message: &str) -> bool {
    let text = format!("{name} {message}").to_lowercase();
    text.contains("agent") && text.contains("not found")
}

impl Manager {
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

    fn fall_back(&mut self, id: &str, reason: &str, now: Timestamp) {
        let Some(task) = self.tasks.get_mut(id) else { return };
        if task.fallback.is_empty() {
            return;
        }
        let mut next = task.fallback.remove(0);
        // An entry without a provider keeps the current one.
        if next.provider_id.is_empty() {
            next.provider_id = task.model.as_ref().map(|m| m.provider_id.clone()).unwrap_or_default();
        }
        let old_session = task.session_id.take();
        task.attempts.push(Attempt {
            model: task.model.clone(),
            session_id: old_session.clone(),
            outcome: reason.to_string(),
        });
        let old_key = std::mem::replace(&mut task.concurrency_key, next.key());
        let from = task.model.as_ref().map_or_else(|| task.agent.clone(), ModelRef::key);
        task.model = Some(next);
        // Calls still in flight for the attempt given up (its session being created, its prompt,
        // a verification) are stale from here on.
        task.next_generation();
        let to = task.concurrency_key.clone();
        let _ = task.transition(TaskStatus::Pending, now);
        task.resume_prompt = None;
        for timer in [TimerKey::Recheck(id.into()), TimerKey::TodoGrace(id.into()), TimerKey::NoAnswer(id.into())] {
            self.timers.clear(&timer);
        }
        self.running_ids.remove(id);
        if let Some(session) = old_session {
            self.by_session.remove(&session);
            self.call(Purpose::Abort, SdkRequest::AbortSession(session.clone()));
            self.refresh_parent_interest(&session);
        }
        self.out.log(LogLevel::Warn, format!("{id}: {from} failed ({reason}); falling back to {to}"));
        self.out.push(crate::effects::Effect::Toast(Toast {
            title: "Background task retrying".into(),
            message: format!("{from} failed; retrying on {to}"),
            variant: ToastVariant::Warning,
            duration_ms: 4_000,
        }));
        self.release_slot(&old_key, now);
        self.enqueue_or_start(id, now);
        self.mark_dirty();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_provider_errors() {
        assert!(is_retryable("APIError", "Rate limit reached for requests", Some(429)));
        assert!(is_retryable("APIError", "Overloaded", None));
        assert!(is_retryable("UnknownError", "503 Service Unavailable", None));
        assert!(is_retryable("ProviderModelNotFoundError", "Model not found: openai/gpt-9", None));
        assert!(!is_retryable("APIError", "Bad Request: invalid schema", Some(400)));
        assert!(!is_retryable("APIError", "You exceeded your current quota", Some(429)));
        assert!(!is_retryable("MessageOutputLengthError", "", None));
        assert!(!is_retryable("APIError", "request id 4290001 failed validation", Some(400)));
    }
}
