//! The person's view of a parent session's background tasks: a compact, bounded JSON view that
//! the host writes into that session's metadata (`backgroundTasks`), where OpenCode keeps it and
//! every client (the TUI's panel) reads it. Publishing is coalesced: a status change is
//! published at once, progress (tool calls, tokens) within a second, and never more than once a
//! second per session; one publish per session is in flight at a time. A session with nothing
//! left to show has the view removed (once: only when it was shown).
//!
//! The sub-machine owns the publishing state of each parent and decides when; the manager
//! builds the view ([`view`]) and makes the call.

use crate::FastMap;
use crate::api::{TaskStatus, Timestamp};
use crate::format;
use crate::task::Task;
use serde::Serialize;

/// The shortest time between two publishes of one session's view.
pub(crate) const INTERVAL_MS: u64 = 1_000;
/// How many tasks a view lists (the newest; the counts cover all).
pub(crate) const VIEW_TASKS: usize = 20;
/// The version of the view's JSON (readers check it).
pub(crate) const VIEW_VERSION: u32 = 1;

/// What changed in a session's view.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Change {
    /// A task started, ended, queued, waits for input, or left: shown at once.
    Status,
    /// A task's counters moved: shown within a second.
    Progress,
}

/// What a publish wrote.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Shown {
    Tasks,
    /// The view was removed.
    Nothing,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Publishing {
    /// When the last publish started.
    last: Option<Timestamp>,
    in_flight: bool,
    /// Something changed while a publish was in flight: publish again after it.
    again: bool,
    /// The session's metadata holds a view (so an empty one must be removed).
    shown: bool,
    /// The session is gone, with a publish still in flight: its reply ends this.
    gone: bool,
    /// The deadline the manager was last asked to publish by, until it comes: a change that
    /// could wait as long asks nothing (the common case, on every event of a running child).
    armed: Option<Timestamp>,
}

#[derive(Debug, Default)]
pub(crate) struct Panel {
    parents: FastMap<String, Publishing>,
}

impl Panel {
    /// `parent`'s view changed: the deadline to publish it by (the manager keeps the earlier of
    /// this and one already set), or none while a publish is in flight (its end looks again).
    pub(crate) fn changed(&mut self, parent: &str, change: Change, now: Timestamp) -> Option<Timestamp> {
        if !self.parents.contains_key(parent) {
            self.parents.insert(parent.to_string(), Publishing::default());
        }
        let p = self.parents.get_mut(parent)?;
        if p.gone {
            return None;
        }
        if p.in_flight {
            p.again = true;
            return None;
        }
        let wanted = match change {
            Change::Status => now,
            Change::Progress => now.saturating_add(INTERVAL_MS),
        };
        let soonest = p.last.map_or(now, |last| last.saturating_add(INTERVAL_MS));
        let at = wanted.max(soonest);
        if p.armed.is_some_and(|armed| armed <= at) {
            return None;
        }
        p.armed = Some(at);
        Some(at)
    }

    /// The deadline came: whether to publish now (not while one is in flight, and not to
    /// remove a view that was never shown). `shows` is what the view would be.
    pub(crate) fn publishing(&mut self, parent: &str, shows: Shown, now: Timestamp) -> bool {
        let Some(p) = self.parents.get_mut(parent) else {
            return shows == Shown::Tasks && self.start_first(parent, now);
        };
        p.armed = None;
        if p.gone {
            return false;
        }
        if p.in_flight {
            p.again = true;
            return false;
        }
        if shows == Shown::Nothing && !p.shown {
            self.parents.remove(parent);
            return false;
        }
        p.in_flight = true;
        p.last = Some(now);
        true
    }

    fn start_first(&mut self, parent: &str, now: Timestamp) -> bool {
        let p = Publishing { last: Some(now), in_flight: true, ..Publishing::default() };
        self.parents.insert(parent.to_string(), p);
        true
    }

    /// A publish came back (`wrote` when it succeeded): when to publish again, if something
    /// changed meanwhile.
    pub(crate) fn published(&mut self, parent: &str, wrote: Option<Shown>, now: Timestamp) -> Option<Timestamp> {
        let p = self.parents.get_mut(parent)?;
        p.in_flight = false;
        if p.gone {
            self.parents.remove(parent);
            return None;
        }
        if let Some(shown) = wrote {
            p.shown = shown == Shown::Tasks;
        }
        if std::mem::take(&mut p.again) {
            let at = p.last.unwrap_or(now).saturating_add(INTERVAL_MS).max(now);
            p.armed = Some(at);
            return Some(at);
        }
        if !p.shown && wrote == Some(Shown::Nothing) {
            self.parents.remove(parent);
        }
        None
    }

    /// The session is gone: nothing more is published to it.
    pub(crate) fn forget(&mut self, parent: &str) {
        match self.parents.get_mut(parent) {
            Some(p) if p.in_flight => {
                p.gone = true;
                p.again = false;
                p.armed = None;
            }
            _ => {
                self.parents.remove(parent);
            }
        }
    }

    /// The parents with a publish deadline asked for (invariant checks: each has its timer).
    #[cfg(any(test, feature = "test-hooks"))]
    pub(crate) fn armed(&self) -> impl Iterator<Item = &str> {
        self.parents.iter().filter(|(_, p)| p.armed.is_some()).map(|(k, _)| k.as_str())
    }

    /// How many publishes are in flight (invariant checks: one call each).
    #[cfg(any(test, feature = "test-hooks"))]
    pub(crate) fn in_flight(&self) -> usize {
        self.parents.values().filter(|p| p.in_flight).count()
    }
}

/// The view as written: field names in camelCase, optional fields left out when absent.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ViewOut<'a> {
    version: u32,
    updated_at: Timestamp,
    running: usize,
    pending: usize,
    completed: usize,
    failed: usize,
    cancelled: usize,
    more: usize,
    tasks: Vec<Entry<'a>>,
}

/// One task's line of the view.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Entry<'a> {
    id: &'a str,
    description: String,
    agent: String,
    status: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    session_id: Option<&'a str>,
    queued_at: Timestamp,
    #[serde(skip_serializing_if = "Option::is_none")]
    started_at: Option<Timestamp>,
    #[serde(skip_serializing_if = "Option::is_none")]
    completed_at: Option<Timestamp>,
    tool_calls: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_tool: Option<String>,
    tokens: u64,
    cost_usd: f64,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    waiting_for: &'a [String],
    /// A child waiting for a permission or an answer: what it waits for (its words, clipped).
    #[serde(skip_serializing_if = "Option::is_none")]
    needs_input: Option<String>,
}

/// The view of a session's live tasks (oldest first as given), the newest [`VIEW_TASKS`] listed
/// newest first with the counts over all; none when there is nothing to show. Texts are clipped:
/// a description is a model's words and a tool name a child's, shown as data.
pub(crate) fn view(tasks: &[&Task], now: Timestamp) -> Option<String> {
    if tasks.is_empty() {
        return None;
    }
    let count = |f: fn(TaskStatus) -> bool| tasks.iter().filter(|t| f(t.status)).count();
    let listed: Vec<Entry> = tasks.iter().rev().take(VIEW_TASKS).map(|t| entry(t)).collect();
    let view = ViewOut {
        version: VIEW_VERSION,
        updated_at: now,
        running: count(|s| s == TaskStatus::Running),
        pending: count(|s| s == TaskStatus::Pending),
        completed: count(|s| s == TaskStatus::Completed),
        failed: count(|s| matches!(s, TaskStatus::Error | TaskStatus::Interrupted)),
        cancelled: count(|s| s == TaskStatus::Cancelled),
        more: tasks.len().saturating_sub(listed.len()),
        tasks: listed,
    };
    serde_json::to_string(&view).ok()
}

fn entry(t: &Task) -> Entry<'_> {
    let p = &t.progress;
    Entry {
        id: &t.id,
        description: format::clip(&t.description, 120),
        agent: format::clip(&t.agent, 60),
        status: t.status.as_str(),
        session_id: t.session_id.as_deref(),
        queued_at: t.queued_at,
        started_at: t.started_at,
        completed_at: t.completed_at,
        tool_calls: p.tool_calls,
        last_tool: p.last_tool.as_deref().map(|s| format::clip(s, 60)),
        tokens: p.tokens(),
        cost_usd: p.cost,
        waiting_for: &t.waiting_for,
        needs_input: t.blocked.as_ref().map(|b| format::clip(&b.what, 200)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::Value;

    #[test]
    fn a_status_change_publishes_at_once_progress_within_a_second_never_twice_a_second() {
        let mut p = Panel::default();
        assert_eq!(p.changed("s", Change::Progress, 0), Some(INTERVAL_MS));
        assert_eq!(p.changed("s", Change::Progress, 10), None, "a deadline no later is asked for already");
        assert_eq!(p.changed("s", Change::Status, 0), Some(0));
        assert_eq!(p.changed("s", Change::Status, 0), None);
        assert!(p.publishing("s", Shown::Tasks, 0));
        assert_eq!(p.changed("s", Change::Status, 10), None, "one in flight: its end looks again");
        assert_eq!(p.published("s", Some(Shown::Tasks), 20), Some(INTERVAL_MS));
        assert!(p.publishing("s", Shown::Tasks, INTERVAL_MS));
        assert_eq!(p.published("s", Some(Shown::Tasks), INTERVAL_MS + 5), None);
        assert_eq!(p.changed("s", Change::Status, INTERVAL_MS + 10), Some(2 * INTERVAL_MS), "at most once a second");
    }

    #[test]
    fn an_empty_view_is_removed_once_and_only_when_it_was_shown() {
        let mut p = Panel::default();
        assert!(!p.publishing("never", Shown::Nothing, 0), "nothing shown, nothing to remove");
        assert!(p.publishing("s", Shown::Tasks, 0));
        p.published("s", Some(Shown::Tasks), 1);
        assert!(p.publishing("s", Shown::Nothing, 2_000));
        assert_eq!(p.published("s", Some(Shown::Nothing), 2_001), None);
        assert!(!p.publishing("s", Shown::Nothing, 4_000), "removed already");
        assert_eq!(p.in_flight(), 0);
    }

    fn task(n: usize, status: TaskStatus) -> Task {
        let parent = crate::task::ParentRef { session_id: "ses_p".into(), ..Default::default() };
        let mut t = Task::new(format!("bg_{n}"), "d".repeat(500), "general".into(), parent, "general".into(), 0);
        t.status = status;
        t.session_id = Some(format!("ses_c{n}"));
        t.result = Some("x".repeat(10_000));
        t
    }

    #[test]
    fn the_view_lists_the_newest_tasks_with_counts_over_all_and_stays_small() {
        assert_eq!(view(&[], 0), None);
        let tasks: Vec<Task> =
            (0..50).map(|n| task(n, if n % 2 == 0 { TaskStatus::Running } else { TaskStatus::Completed })).collect();
        let refs: Vec<&Task> = tasks.iter().collect();
        let text = view(&refs, 7).unwrap_or_default();
        assert!(text.len() < 8_000, "{} bytes", text.len());
        let v: Value = serde_json::from_str(&text).unwrap_or_default();
        assert_eq!(
            (v["running"].as_u64(), v["completed"].as_u64(), v["more"].as_u64()),
            (Some(25), Some(25), Some(30))
        );
        assert_eq!(v["tasks"][0]["id"], "bg_49", "newest first");
        assert_eq!(v["tasks"].as_array().map(Vec::len), Some(VIEW_TASKS));
        assert!(v["tasks"][0].get("result").is_none(), "no results in the view");
    }
}
