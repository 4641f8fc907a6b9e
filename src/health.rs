//! Keeping running tasks honest, as `Task` methods that return a decision: stale and
//! never-active children are stopped (after one warning), runaway tool loops trip a circuit
//! breaker, and a child blocked on a permission or a question is reported to its parent instead
//! of being mistaken for a stale one. The manager (`dispatch/child.rs`) stops the task or sends
//! the notice.

use crate::api::*;
use crate::config::Config;
use crate::format;
use crate::task::{Asked, Blocked, COUNTED_PARTS_WINDOW, Task};
use std::hash::{DefaultHasher, Hash, Hasher};

/// Stale detection never applies before a task ran this long.
const MIN_RUNTIME_BEFORE_STALE_MS: u64 = 30_000;

/// Whole minutes, rounded down (a 60.5 s wait is "1 minutes", as in "over 1 minute").
fn minutes(ms: u64) -> u64 {
    ms / 60_000
}

/// What a poll's health check of one running task found.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Health {
    Fine,
    /// Stop it (stale, or blocked too long): the reason its parent reads.
    Stop(String),
    /// Tell its parent (about to be stopped as stale: a quiet notice; still blocked: a waking one).
    Warn {
        text: String,
        wake: Wake,
    },
}

/// Whether a notice starts a parent turn.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Wake {
    Parent,
    Quietly,
}

/// The result of a health check, and whether it found the child's block over.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Checkup {
    pub health: Health,
    /// It was blocked, but its session is idle: the reply event was lost, the block is over.
    pub unblocked: bool,
}

impl Task {
    /// Run on every status poll. `busy`: OpenCode reports its session as working (a busy
    /// session is never stopped for staleness).
    pub(crate) fn check_health(&mut self, busy: bool, now: Timestamp, config: &Config) -> Checkup {
        let mut unblocked = false;
        if self.blocked.is_some() {
            if busy {
                return Checkup { health: self.check_blocked(now, config.blocked_timeout_ms), unblocked };
            }
            // A child waiting for an answer is busy: this one is not, so the wait is over and its
            // reply event was lost. It is judged like any other child from now on.
            self.blocked = None;
            unblocked = true;
        }
        let health = if busy { Health::Fine } else { self.check_stale(now, config) };
        Checkup { health, unblocked }
    }

    fn check_stale(&mut self, now: Timestamp, config: &Config) -> Health {
        let runtime = now.saturating_sub(self.started_at.unwrap_or(now));
        if runtime < MIN_RUNTIME_BEFORE_STALE_MS {
            return Health::Fine;
        }
        let (quiet, limit, setting, what) = match self.progress.last_activity_at {
            Some(last) => (now.saturating_sub(last), config.stale_timeout_ms, "staleTimeoutMs", "no activity"),
            None => {
                (runtime, config.no_activity_timeout_ms, "noActivityTimeoutMs", "no activity at all since it started")
            }
        };
        if quiet >= limit {
            return Health::Stop(format!(
                "Stale timeout: {what} for {} minutes (config `{setting}` is {} minutes). The task was stopped; its session is kept.",
                minutes(quiet),
                minutes(limit)
            ));
        }
        if quiet < limit / 10 * 8 {
            self.stale_warned = false;
            return Health::Fine;
        }
        if self.stale_warned {
            return Health::Fine;
        }
        self.stale_warned = true;
        let id = &self.id;
        let text = format!(
            "[BACKGROUND TASK STALLED]\nTask: {id} {}\nIt has shown {what} for {} minutes and will be stopped after {} minutes \
             (config `{setting}`). Cancel it with background_cancel(task_id=\"{id}\") if it is no longer needed.",
            format::quoted(&self.description, 300),
            minutes(quiet),
            minutes(limit)
        );
        Health::Warn { text, wake: Wake::Quietly }
    }

    /// Still waiting for an answer: its parent is reminded once at 80% of `blockedTimeoutMs`,
    /// and the task is stopped when the wait reaches it.
    fn check_blocked(&mut self, now: Timestamp, limit: u64) -> Health {
        let title = format::quoted(&self.session_title(), 400);
        let description = format::quoted(&self.description, 300);
        let id = &self.id;
        let Some(blocked) = self.blocked.as_mut() else { return Health::Fine };
        let waited = now.saturating_sub(blocked.since);
        let what = &blocked.what;
        if waited >= limit {
            return Health::Stop(format!(
                "Blocked timeout: it {what} and nobody answered for {} (config `blockedTimeoutMs` is {}). \
                 The task was stopped; its session is kept.",
                format::duration(waited),
                format::duration(limit)
            ));
        }
        if waited < limit / 10 * 8 || blocked.reminded {
            return Health::Fine;
        }
        blocked.reminded = true;
        let text = format!(
            "[BACKGROUND TASK NEEDS INPUT]\nTask: {id} {description} {what}: still unanswered after {}.\nIt will be stopped when \
             it has waited {} (config `blockedTimeoutMs`) unless the user answers it in the session {title}; or cancel \
             it with background_cancel(task_id=\"{id}\").",
            format::duration(waited),
            format::duration(limit)
        );
        Health::Warn { text: format::clip(&text, 4_000), wake: Wake::Parent }
    }

    /// Counts a tool call once per part (when it starts running). Returns why the circuit
    /// breaker trips: too many calls, or the same call repeated too often in a row.
    pub(crate) fn on_tool_part(&mut self, part: &ToolPart, max_total: u32, max_repeat: u32) -> Option<String> {
        if part.status == ToolStatus::Pending || !self.counted_tool_parts.push_within(&part.id, COUNTED_PARTS_WINDOW) {
            return None;
        }
        self.progress.tool_calls = self.progress.tool_calls.saturating_add(1);
        self.progress.last_tool = part.tool.clone();
        let mut hasher = DefaultHasher::new();
        part.tool.hash(&mut hasher);
        part.input.hash(&mut hasher);
        let signature = hasher.finish();
        if self.last_tool_signature == Some(signature) {
            self.repeated_tool_calls = self.repeated_tool_calls.saturating_add(1);
        } else {
            self.last_tool_signature = Some(signature);
            self.repeated_tool_calls = 1;
        }
        let tool = part.tool.clone().unwrap_or_else(|| "a tool".into());
        if max_total > 0 && self.progress.tool_calls > max_total {
            Some(format!("Circuit breaker: more than {max_total} tool calls (config `maxToolCalls`)."))
        } else if max_repeat > 0 && self.repeated_tool_calls >= max_repeat {
            Some(format!(
                "Circuit breaker: `{tool}` was called {} times in a row with the same input (config `maxRepeatedToolCalls`).",
                self.repeated_tool_calls
            ))
        } else {
            None
        }
    }

    /// The child waits for a permission or an answer and will not move until someone replies.
    /// Returns the notice for its parent, once per request.
    pub(crate) fn on_blocked(&mut self, asked: Asked, what: String, now: Timestamp) -> Option<String> {
        let key = format!("{}:{what}", asked.id());
        if self.blocked.as_ref().is_some_and(|b| b.request == key) {
            return None;
        }
        let answer = match &asked {
            Asked::Permission { .. } => format!(
                "background_reply(task_id=\"{id}\", reply=\"once\") allows it this once; background_reply(task_id=\"{id}\", \
                 reply=\"reject\", message=\"<why, and what to do instead>\") refuses it",
                id = self.id
            ),
            Asked::Question { count, .. } => format!(
                "background_reply(task_id=\"{id}\", answers=[<{count} answer(s), one per question, in order>]) answers it; \
                 background_reply(task_id=\"{id}\", reply=\"reject\") dismisses it",
                id = self.id
            ),
        };
        let text = format!(
            "[BACKGROUND TASK NEEDS INPUT]\nTask: {id} {} {what} (request {}).\nIt cannot continue until this is answered: \
             {answer}. Or the user answers it in the session {}, or background_cancel(task_id=\"{id}\") stops the task.",
            format::quoted(&self.description, 300),
            format::quoted(asked.id(), 100),
            format::quoted(&self.session_title(), 400),
            id = self.id
        );
        self.blocked = Some(Blocked { request: key, what, since: now, reminded: false, asked: Some(asked) });
        Some(format::clip(&text, 4_000))
    }
}
