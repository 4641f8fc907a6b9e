//! The core's deadlines. Only the earliest is shown to the host (one host timer), in the
//! manner of quinn-proto's `poll_timeout`. Setting, moving and clearing a deadline are
//! O(log n), and finding a key's deadline O(1) (every input asks after the poll and call
//! deadlines); nothing scans all tasks to find the next one.

use crate::FastMap;
use crate::api::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

/// What a deadline is for.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub(crate) enum TimerKey {
    /// Status polling while tasks run; also drives the health checks.
    Poll,
    /// Write a snapshot (coalesced).
    Persist,
    /// An early idle is re-checked when the task has run long enough.
    Recheck(String),
    /// Incomplete todos stop holding completion back.
    TodoGrace(String),
    /// A child idle without an answer is asked for one, or fails (`idleNoAnswerMs`).
    NoAnswer(String),
    /// A queued task times out.
    QueueTtl(String),
    /// A terminal task leaves the live table for the archive.
    Retention(String),
    /// Turn this parent's freshly finished tasks into one notice.
    Coalesce(String),
    /// Retry delivering this parent's notices.
    Deliver(String),
    /// The earliest deadline of the SDK calls in flight (one entry for all of them).
    CallDeadline,
    /// Publish this parent's view of its tasks (coalesced: `panel.rs`).
    Publish(String),
}

impl TimerKey {
    /// The task this deadline is about, if it is about one.
    pub(crate) fn task(&self) -> Option<&str> {
        match self {
            TimerKey::Recheck(id)
            | TimerKey::TodoGrace(id)
            | TimerKey::NoAnswer(id)
            | TimerKey::QueueTtl(id)
            | TimerKey::Retention(id) => Some(id),
            _ => None,
        }
    }
}

#[derive(Debug, Default)]
pub(crate) struct Timers {
    /// Never iterated (the order of `by_deadline` is the one that counts).
    by_key: FastMap<TimerKey, Timestamp>,
    by_deadline: BTreeSet<(Timestamp, TimerKey)>,
}

impl Timers {
    /// Sets (or moves) a deadline. Setting the deadline a key already has changes nothing.
    pub(crate) fn set(&mut self, key: TimerKey, at: Timestamp) {
        if self.by_key.get(&key) == Some(&at) {
            return;
        }
        if let Some(old) = self.by_key.insert(key.clone(), at) {
            self.by_deadline.remove(&(old, key.clone()));
        }
        self.by_deadline.insert((at, key));
    }

    /// Sets a deadline unless the key has one that comes no later.
    pub(crate) fn set_if_earlier(&mut self, key: TimerKey, at: Timestamp) {
        if self.by_key.get(&key).is_none_or(|&set| at < set) {
            self.set(key, at);
        }
    }

    /// Sets a deadline unless one is already set for that key.
    pub(crate) fn set_if_absent(&mut self, key: TimerKey, at: Timestamp) {
        if !self.by_key.contains_key(&key) {
            self.set(key, at);
        }
    }

    pub(crate) fn clear(&mut self, key: &TimerKey) {
        if let Some(old) = self.by_key.remove(key) {
            self.by_deadline.remove(&(old, key.clone()));
        }
    }

    pub(crate) fn is_set(&self, key: &TimerKey) -> bool {
        self.by_key.contains_key(key)
    }

    pub(crate) fn earliest(&self) -> Option<Timestamp> {
        self.by_deadline.first().map(|(at, _)| *at)
    }

    /// Removes and returns the earliest deadline that is due.
    pub(crate) fn pop_due(&mut self, now: Timestamp) -> Option<TimerKey> {
        let (at, _) = self.by_deadline.first()?;
        if *at > now {
            return None;
        }
        let (_, key) = self.by_deadline.pop_first()?;
        self.by_key.remove(&key);
        Some(key)
    }

    /// The deadlines a snapshot keeps, earliest first.
    pub(crate) fn entries(&self) -> Vec<(TimerKey, Timestamp)> {
        // A publish is not saved: a restored instance shows every parent again in any case.
        let saved = |key: &TimerKey| !matches!(key, TimerKey::Publish(_));
        self.by_deadline.iter().filter(|(_, key)| saved(key)).map(|(at, key)| (key.clone(), *at)).collect()
    }

    /// Takes in the deadlines another instance saved (a restore, or an adoption), those `keep`
    /// accepts: where both have a deadline for the same key, the earlier one stands.
    pub(crate) fn adopt(&mut self, entries: Vec<(TimerKey, Timestamp)>, keep: impl Fn(&TimerKey) -> bool) {
        for (key, at) in entries {
            if !keep(&key) || self.by_key.get(&key).is_some_and(|set| *set <= at) {
                continue;
            }
            self.set(key, at);
        }
    }

    pub(crate) fn clear_all(&mut self) {
        self.by_key.clear();
        self.by_deadline.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn earliest_follows_moves_and_clears() {
        let mut t = Timers::default();
        t.set(TimerKey::Poll, 300);
        t.set(TimerKey::Recheck("a".into()), 100);
        assert_eq!(t.earliest(), Some(100));
        t.set(TimerKey::Recheck("a".into()), 500);
        assert_eq!(t.earliest(), Some(300));
        t.clear(&TimerKey::Poll);
        assert_eq!(t.earliest(), Some(500));
        assert_eq!(t.pop_due(499), None);
        assert_eq!(t.pop_due(500), Some(TimerKey::Recheck("a".into())));
        assert_eq!(t.earliest(), None);
        t.set(TimerKey::CallDeadline, 700);
        t.set(TimerKey::CallDeadline, 700);
        assert_eq!(t.entries(), vec![(TimerKey::CallDeadline, 700)], "setting the same deadline again is a no-op");
    }

    #[test]
    fn adopted_deadlines_join_and_the_earlier_stands() {
        let mut t = Timers::default();
        t.set(TimerKey::Poll, 300);
        t.set(TimerKey::Coalesce("p".into()), 100);
        let theirs = vec![
            (TimerKey::Poll, 200),
            (TimerKey::Coalesce("p".into()), 150),
            (TimerKey::Retention("a".into()), 400),
            (TimerKey::CallDeadline, 50),
        ];
        t.adopt(theirs, |k| *k != TimerKey::CallDeadline);
        let expected =
            vec![(TimerKey::Coalesce("p".into()), 100), (TimerKey::Poll, 200), (TimerKey::Retention("a".into()), 400)];
        assert_eq!(t.entries(), expected);
        assert_eq!(TimerKey::Retention("a".into()).task(), Some("a"));
        assert_eq!(TimerKey::Deliver("p".into()).task(), None);
    }
}
