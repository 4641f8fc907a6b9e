//! Errors that another model could get past, and moving a task to the next model of its
//! fallback chain: the attempt is recorded and the task is pending again under the new model's
//! concurrency key. The manager (`dispatch/child.rs`) then releases the old slot, aborts the old
//! child and queues the task (it gets a fresh child session).

use crate::api::*;
use crate::task::{Attempt, Task};

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

/// Whether an error is the provider's rate limit (or its overload): 429 or 529, or words that
/// say so. Such an error slows down a key with `adaptiveConcurrency`.
pub(crate) fn is_rate_limit(name: &str, message: &str, status: Option<u16>) -> bool {
    if matches!(status, Some(429 | 529)) {
        return true;
    }
    let text = format!("{name} {message}").to_lowercase();
    const WORDS: [&str; 5] = ["rate limit", "ratelimit", "rate_limit", "too many requests", "overloaded"];
    WORDS.iter().any(|w| text.contains(w))
        || text.split(|c: char| !c.is_ascii_digit()).any(|n| matches!(n, "429" | "529"))
}

/// Whether an error says the agent does not exist: OpenCode reports it as a `session.error`
/// (`Agent not found: "x". Available agents: …`) after accepting the prompt, or as the prompt's
/// own error. No other model helps with that.
pub(crate) fn is_unknown_agent(name: &str, message: &str) -> bool {
    let text = format!("{name} {message}").to_lowercase();
    text.contains("agent") && text.contains("not found")
}

/// An attempt given up for the next model of the chain: what the manager must undo and say.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct FellBack {
    /// The child session of the attempt given up (aborted, no longer watched).
    pub old_session: Option<String>,
    /// The concurrency key whose slot it held.
    pub old_key: String,
    /// The model (or agent) it leaves, and the key of the model it moves to.
    pub from: String,
    pub to: String,
}

impl Task {
    /// Moves to the next model of its chain after `reason`: the attempt is recorded, calls in
    /// flight for it become stale (a new generation), and it is pending again under the new
    /// model's key. `None` when the chain is spent.
    pub(crate) fn fall_back(&mut self, reason: &str, now: Timestamp) -> Option<FellBack> {
        if self.fallback.is_empty() {
            return None;
        }
        let mut next = self.fallback.remove(0);
        // An entry without a provider keeps the current one.
        if next.provider_id.is_empty() {
            next.provider_id = self.model.as_ref().map(|m| m.provider_id.clone()).unwrap_or_default();
        }
        let old_session = self.session_id.take();
        self.attempts.push(Attempt {
            model: self.model.clone(),
            session_id: old_session.clone(),
            outcome: reason.to_string(),
        });
        let old_key = std::mem::replace(&mut self.concurrency_key, next.key());
        let from = self.model.as_ref().map_or_else(|| self.agent.clone(), ModelRef::key);
        self.model = Some(next);
        self.next_generation();
        let to = self.concurrency_key.clone();
        let _ = self.transition(TaskStatus::Pending, now);
        self.resume_prompt = None;
        Some(FellBack { old_session, old_key, from, to })
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
