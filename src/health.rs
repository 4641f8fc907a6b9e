//! Keeping running tasks honest: stale and never-active children are stopped (after one
//! warning), runaway tool loops trip a circuit breaker, and a child blocked on a permission or
//! a question is reported to its parent instead of being mistaken for a stale one.

use crate::api::*;
use crate::events::PartInfo;
use crate::format;
use crate::manager::Manager;
use crate::task::Blocked;
use std::collections::BTreeSet;
use std::hash::{DefaultHasher, Hash, Hasher};

/// Stale detection never applies before a task ran this long.
const MIN_RUNTIME_BEFORE_STALE_MS: u64 = 30_000;

/// Whole minutes, rounded down (a 60.5 s wait is "1 minutes", as in "over 1 minute").
fn minutes(ms: u64) -> u64 {
    ms / 60_000
}

impl Manager {
    /// Run on every status poll, over running tasks only. `busy` holds the sessions OpenCode
    /// reports as working: a busy session is never stopped for staleness.
    pub(crate) fn check_health(&mut self, busy: &BTreeSet<String>, now: Timestamp) {
        let ids: Vec<String> = self.running_ids.iter().cloned().collect();
        for id in ids {
            let Some(task) = self.tasks.get(&id) else { continue };
            let Some(session) = task.session_id.as_ref() else { continue };
            let is_busy = busy.contains(session);
            if task.blocked.is_some() {
                if is_busy {
                    self.check_blocked(&id, now);
                    continue;
                }
                // A child waiting for an answer is busy: this one is not, so the wait is over
                // and its reply event was lost. It is judged like any other child from now on.
                if let Some(t) = self.tasks.get_mut(&id) {
                    t.blocked = None;
                }
                self.out.log(LogLevel::Info, format!("{id}: no longer waiting for input (its session is idle)"));
            }
            if is_busy {
                continue;
            }
            let Some(task) = self.tasks.get(&id) else { continue };
            let runtime = now.saturating_sub(task.started_at.unwrap_or(now));
            if runtime < MIN_RUNTIME_BEFORE_STALE_MS {
                continue;
            }
            let (quiet, limit, setting, what) = match task.progress.last_activity_at {
                Some(last) => (now.saturating_sub(last), self.config.stale_timeout_ms, "staleTimeoutMs", "no activity"),
                None => (
                    runtime,
                    self.config.no_activity_timeout_ms,
                    "noActivityTimeoutMs",
                    "no activity at all since it started",
                ),
            };
            if quiet >= limit {
                let reason = format!(
                    "Stale timeout: {what} for {} minutes (config `{setting}` is {} minutes). The task was stopped; its session is kept.",
                    minutes(quiet),
                    minutes(limit)
                );
                let options = CancelOptions { abort_session: true, notify_parent: true };
                let _ = self.cancel_task(&id, options, &reason, now);
            } else if quiet >= limit / 10 * 8 {
                if !task.stale_warned {
                    let text = format!(
                        "[BACKGROUND TASK STALLED]\nTask: {id} \"{}\"\nIt has shown {what} for {} minutes and will be stopped after {} minutes \
                         (config `{setting}`). Cancel it with background_cancel(task_id=\"{id}\") if it is no longer needed.",
                        task.description,
                        minutes(quiet),
                        minutes(limit)
                    );
                    let parent = task.parent.session_id.clone();
                    if let Some(t) = self.tasks.get_mut(&id) {
                        t.stale_warned = true;
                    }
                    self.notify_info(&parent, text, false);
                }
            } else if let Some(t) = self.tasks.get_mut(&id) {
                t.stale_warned = false;
            }
        }
    }

    /// Counts a tool call once per part (when it starts running) and trips the circuit breaker
    /// on too many calls, or on the same call repeated too often in a row.
    pub(crate) fn on_tool_part(&mut self, id: &str, part: &PartInfo, now: Timestamp) {
        let (max_total, max_repeat) = (self.config.max_tool_calls, self.config.max_repeated_tool_calls);
        let Some(task) = self.tasks.get_mut(id) else { return };
        let status = part.state.as_ref().map_or("", |s| s.status.as_str());
        if status == "pending" || !task.counted_tool_parts.insert(part.id.clone()) {
            return;
        }
        task.progress.tool_calls = task.progress.tool_calls.saturating_add(1);
        task.progress.last_tool = part.tool.clone();
        let mut hasher = DefaultHasher::new();
        part.tool.hash(&mut hasher);
        part.state.as_ref().and_then(|s| s.input.as_ref()).map(|r| r.get()).hash(&mut hasher);
        let signature = hasher.finish();
        if task.last_tool_signature == Some(signature) {
            task.repeated_tool_calls = task.repeated_tool_calls.saturating_add(1);
        } else {
            task.last_tool_signature = Some(signature);
            task.repeated_tool_calls = 1;
        }
        let tool = part.tool.clone().unwrap_or_else(|| "a tool".into());
        let reason = if max_total > 0 && task.progress.tool_calls > max_total {
            Some(format!("Circuit breaker: more than {max_total} tool calls (config `maxToolCalls`)."))
        } else if max_repeat > 0 && task.repeated_tool_calls >= max_repeat {
            Some(format!(
                "Circuit breaker: `{tool}` was called {} times in a row with the same input (config `maxRepeatedToolCalls`).",
                task.repeated_tool_calls
            ))
        } else {
            None
        };
        if let Some(reason) = reason {
            let options = CancelOptions { abort_session: true, notify_parent: true };
            let _ = self.cancel_task(id, options, &reason, now);
        }
    }

    /// The child waits for a permission or an answer and will not move until someone replies:
    /// tell the parent, once per request, in a notice that wakes it.
    pub(crate) fn on_blocked(&mut self, id: &str, request: &str, what: String, now: Timestamp) {
        let Some(task) = self.tasks.get_mut(id) else { return };
        let key = format!("{request}:{what}");
        if task.blocked.as_ref().is_some_and(|b| b.request == key) {
            return;
        }
        task.blocked = Some(Blocked { request: key, what: what.clone(), since: now, reminded: false });
        let title = task.session_title();
        let text = format!(
            "[BACKGROUND TASK NEEDS INPUT]\nTask: {id} \"{}\" {what}.\nIt cannot continue until this is answered: ask the user to \
             answer it in the session \"{title}\", or cancel the task with background_cancel(task_id=\"{id}\").",
            task.description
        );
        let parent = task.parent.session_id.clone();
        self.notify_info(&parent, format::clip(&text, 4_000), true);
    }

    pub(crate) fn on_unblocked(&mut self, id: &str) {
        if let Some(task) = self.tasks.get_mut(id) {
            task.blocked = None;
        }
    }

    /// A child still waiting for an answer: its parent is reminded once at 80% of
    /// `blockedTimeoutMs`, and the task is stopped when the wait reaches it.
    fn check_blocked(&mut self, id: &str, now: Timestamp) {
        let limit = self.config.blocked_timeout_ms;
        let Some(task) = self.tasks.get_mut(id) else { return };
        let Some(blocked) = task.blocked.as_mut() else { return };
        let waited = now.saturating_sub(blocked.since);
        let what = blocked.what.clone();
        if waited >= limit {
            let reason = format!(
                "Blocked timeout: it {what} and nobody answered for {} (config `blockedTimeoutMs` is {}). \
                 The task was stopped; its session is kept.",
                format::duration(waited),
                format::duration(limit)
            );
            let options = CancelOptions { abort_session: true, notify_parent: true };
            let _ = self.cancel_task(id, options, &reason, now);
        } else if waited >= limit / 10 * 8 && !blocked.reminded {
            blocked.reminded = true;
            let title = task.session_title();
            let text = format!(
                "[BACKGROUND TASK NEEDS INPUT]\nTask: {id} \"{}\" {what}: still unanswered after {}.\nIt will be stopped when \
                 it has waited {} (config `blockedTimeoutMs`) unless the user answers it in the session \"{title}\"; or cancel \
                 it with background_cancel(task_id=\"{id}\").",
                task.description,
                format::duration(waited),
                format::duration(limit)
            );
            let parent = task.parent.session_id.clone();
            self.notify_info(&parent, format::clip(&text, 4_000), true);
        }
    }
}
