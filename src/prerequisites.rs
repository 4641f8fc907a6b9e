//! Task dependencies: a task launched with `after` waits, pending and unqueued, until every
//! task it names has ended; then it queues with a digest of their results, or, when one of them
//! did not complete and it skips on failure, it is cancelled, and that cascades to the tasks
//! after it.
//!
//! The sub-machine owns the reverse index (a prerequisite's id to the tasks waiting for it), so
//! a task's end looks only at its own dependents, and the cascade's work list, so a chain of any
//! length is followed in a loop rather than by recursion through `finish`. What a task waits for
//! is the task's own (`after`, `on_failure`, `waiting_for`, saved with it); the index is derived
//! from that and rebuilt on restore. Decisions ([`verdict`]) are pure; the manager turns them into
//! effects.

use crate::FastMap;
use crate::api::{PrerequisiteFailure, TaskStatus};
use std::collections::VecDeque;

/// How a prerequisite stands, as far as the manager knows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Standing {
    /// Pending or running (again, after a resume).
    Unfinished,
    Ended(TaskStatus),
    /// Ended long ago, and no longer kept (not even in the archive).
    Gone,
}

/// What its prerequisites decide for a task.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// These have not ended yet (in `after`'s order).
    Waits(Vec<String>),
    /// Every one has ended, and none that failed stops it: it may queue.
    Ready,
    /// This one did not complete (ended so) and the task skips on failure: it is cancelled.
    Skipped { prerequisite: String, status: TaskStatus },
}

/// Decides from how each prerequisite stands. A prerequisite that is gone ended before: had it
/// failed, a task that skips would have been cancelled then.
pub(crate) fn verdict(
    after: &[String],
    on_failure: PrerequisiteFailure,
    standing: impl Fn(&str) -> Standing,
) -> Verdict {
    let mut open = Vec::new();
    for id in after {
        match standing(id) {
            Standing::Unfinished => open.push(id.clone()),
            Standing::Ended(status) if status != TaskStatus::Completed && on_failure == PrerequisiteFailure::Skip => {
                return Verdict::Skipped { prerequisite: id.clone(), status };
            }
            Standing::Ended(_) | Standing::Gone => {}
        }
    }
    if open.is_empty() { Verdict::Ready } else { Verdict::Waits(open) }
}

/// "prerequisite bg_a failed".
pub(crate) fn failure_words(prerequisite: &str, status: TaskStatus) -> String {
    let how = match status {
        TaskStatus::Error => "failed",
        TaskStatus::Cancelled => "was cancelled",
        TaskStatus::Interrupted => "was interrupted",
        TaskStatus::Pending | TaskStatus::Running | TaskStatus::Completed => "did not complete",
    };
    format!("prerequisite {prerequisite} {how}")
}

/// Finds the tasks on a cycle of waits (`waits(id)` are those `id` waits for), which no launch
/// can make (a task names only tasks that exist) but a snapshot could say: none of them would
/// ever queue. Iterative, each task visited once.
pub(crate) fn on_cycles<'a>(
    waiting: impl Iterator<Item = &'a String>,
    waits: impl Fn(&str) -> Vec<String>,
) -> Vec<String> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    let mut mark: FastMap<String, Mark> = FastMap::default();
    let mut cyclic = Vec::new();
    for start in waiting {
        if mark.contains_key(start) {
            continue;
        }
        // The path from `start`, each with the waits not followed yet.
        let mut path: Vec<(String, Vec<String>)> = vec![(start.clone(), waits(start))];
        mark.insert(start.clone(), Mark::Open);
        while let Some((_, next)) = path.last_mut() {
            match next.pop() {
                Some(id) => match mark.get(&id) {
                    Some(Mark::Open) => {
                        // Everything on the path from `id` on is on the cycle.
                        let from = path.iter().position(|(p, _)| *p == id).unwrap_or(0);
                        cyclic.extend(path.iter().skip(from).map(|(p, _)| p.clone()));
                    }
                    Some(Mark::Done) => {}
                    None => {
                        mark.insert(id.clone(), Mark::Open);
                        let further = waits(&id);
                        path.push((id, further));
                    }
                },
                None => {
                    if let Some((done, _)) = path.pop() {
                        mark.insert(done, Mark::Done);
                    }
                }
            }
        }
    }
    cyclic.sort();
    cyclic.dedup();
    cyclic
}

/// The tasks waiting for each prerequisite, and the cascade in progress.
#[derive(Debug, Default)]
pub(crate) struct Prerequisites {
    /// Prerequisite id -> the tasks waiting for it.
    dependents: FastMap<String, Vec<String>>,
    /// Tasks that ended, whose dependents are still to be looked at.
    ended: VecDeque<String>,
    /// A cascade is being worked through: a task that ends meanwhile joins its list.
    cascading: bool,
}

impl Prerequisites {
    /// `dependent` waits for each of `open`.
    pub(crate) fn watch(&mut self, dependent: &str, open: &[String]) {
        for id in open {
            let list = self.dependents.entry(id.clone()).or_default();
            if !list.iter().any(|d| d == dependent) {
                list.push(dependent.to_string());
            }
        }
    }

    /// `dependent` no longer waits for `open`.
    pub(crate) fn unwatch(&mut self, dependent: &str, open: &[String]) {
        for id in open {
            if let Some(list) = self.dependents.get_mut(id) {
                list.retain(|d| d != dependent);
                if list.is_empty() {
                    self.dependents.remove(id);
                }
            }
        }
    }

    /// Task `id` ended. True when the caller is to work the cascade through
    /// ([`Prerequisites::next`]): some task waits for it and no cascade is in progress (one in
    /// progress takes it on).
    pub(crate) fn ended(&mut self, id: &str) -> bool {
        if !self.dependents.contains_key(id) {
            return false;
        }
        self.ended.push_back(id.to_string());
        !std::mem::replace(&mut self.cascading, true)
    }

    /// The tasks that waited for the next ended task (no longer indexed under it); `None` ends
    /// the cascade.
    pub(crate) fn next(&mut self) -> Option<Vec<String>> {
        while let Some(id) = self.ended.pop_front() {
            if let Some(dependents) = self.dependents.remove(&id) {
                return Some(dependents);
            }
        }
        self.cascading = false;
        None
    }

    /// Every (prerequisite, dependent) pair indexed, for the invariant checks.
    #[cfg(any(test, feature = "test-hooks"))]
    pub(crate) fn pairs(&self) -> impl Iterator<Item = (&str, &str)> {
        self.dependents.iter().flat_map(|(p, ds)| ds.iter().map(move |d| (p.as_str(), d.as_str())))
    }

    #[cfg(any(test, feature = "test-hooks"))]
    pub(crate) fn is_watched(&self, prerequisite: &str, dependent: &str) -> bool {
        self.dependents.get(prerequisite).is_some_and(|ds| ds.iter().any(|d| d == dependent))
    }

    #[cfg(any(test, feature = "test-hooks"))]
    pub(crate) fn is_cascading(&self) -> bool {
        self.cascading || !self.ended.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn waits_while_one_is_unfinished_and_skips_on_a_failure() {
        let after = ids(&["bg_a", "bg_b"]);
        let running_b = |id: &str| {
            if id == "bg_b" { Standing::Unfinished } else { Standing::Ended(TaskStatus::Completed) }
        };
        assert_eq!(verdict(&after, PrerequisiteFailure::Skip, running_b), Verdict::Waits(ids(&["bg_b"])));
        let failed_a = |id: &str| {
            if id == "bg_a" { Standing::Ended(TaskStatus::Error) } else { Standing::Unfinished }
        };
        let skipped = verdict(&after, PrerequisiteFailure::Skip, failed_a);
        assert_eq!(skipped, Verdict::Skipped { prerequisite: "bg_a".into(), status: TaskStatus::Error });
        assert_eq!(failure_words("bg_a", TaskStatus::Error), "prerequisite bg_a failed");
        assert_eq!(verdict(&after, PrerequisiteFailure::Run, failed_a), Verdict::Waits(ids(&["bg_b"])));
        let all_ended = |id: &str| {
            if id == "bg_a" { Standing::Ended(TaskStatus::Cancelled) } else { Standing::Gone }
        };
        assert_eq!(verdict(&after, PrerequisiteFailure::Run, all_ended), Verdict::Ready);
    }

    #[test]
    fn a_cascade_in_progress_takes_on_what_ends_meanwhile() {
        let mut p = Prerequisites::default();
        p.watch("bg_b", &ids(&["bg_a"]));
        p.watch("bg_c", &ids(&["bg_b"]));
        assert!(!p.ended("bg_x"), "nobody waits for it");
        assert!(p.ended("bg_a"));
        assert_eq!(p.next(), Some(ids(&["bg_b"])));
        assert!(!p.ended("bg_b"), "joins the cascade in progress");
        assert_eq!(p.next(), Some(ids(&["bg_c"])));
        assert_eq!(p.next(), None);
        assert!(!p.is_cascading());
        assert_eq!(p.pairs().count(), 0);
    }

    #[test]
    fn unwatching_leaves_no_empty_entries() {
        let mut p = Prerequisites::default();
        p.watch("bg_c", &ids(&["bg_a", "bg_b"]));
        p.watch("bg_d", &ids(&["bg_a"]));
        p.unwatch("bg_c", &ids(&["bg_a", "bg_b"]));
        assert!(p.is_watched("bg_a", "bg_d"));
        assert_eq!(p.pairs().count(), 1);
    }

    #[test]
    fn cycles_are_found_and_only_their_tasks_named() {
        let edges = |id: &str| -> Vec<String> {
            match id {
                "a" => ids(&["b"]),
                "b" => ids(&["c"]),
                "c" => ids(&["a"]),
                "d" => ids(&["a"]),
                "e" => ids(&["e"]),
                _ => Vec::new(),
            }
        };
        let all = ids(&["d", "a", "b", "c", "e", "f"]);
        assert_eq!(on_cycles(all.iter(), edges), ids(&["a", "b", "c", "e"]));
        let none = ids(&["d", "f"]);
        assert!(on_cycles(none.iter(), |id| if id == "d" { ids(&["f"]) } else { Vec::new() }).is_empty());
    }
}
