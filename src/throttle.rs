//! Concurrency that backs off under rate limits (config `adaptiveConcurrency`): when a key's
//! children hit the provider's rate limit, the key's effective limit halves (not below
//! `minConcurrency`), so new work waits in the queue instead of starting into the limit; every
//! `recoverConcurrencyAfter` tasks that complete under a lowered key give one slot back, up to
//! the configured limit. Running children are never stopped: a lowered limit only holds back
//! what would start next.
//!
//! The sub-machine owns the lowered keys (only those: a key at its configured limit has no
//! entry) and is saved with the snapshot. It decides; the manager starts what a raised limit
//! lets through.

use crate::api::Timestamp;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// After a key was lowered, further rate-limit signals within this long are the same episode
/// (OpenCode reports every retry of every child): the key is not lowered again for them.
pub(crate) const EPISODE_MS: u64 = 10_000;

/// One lowered key.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Lowered {
    /// The effective limit now (below the configured one, at least `minConcurrency`).
    pub limit: u32,
    /// Completions since the limit last moved.
    pub completions: u32,
    /// When it was last lowered.
    pub at: Timestamp,
}

/// The settings it works with (from the config).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tuning {
    pub min: u32,
    pub recover_after: u32,
}

/// What a signal or a completion did to a key's limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Change {
    Unchanged,
    Lowered {
        from: u32,
        to: u32,
    },
    /// Raised to `to`; `restored` when that is the configured limit again.
    Raised {
        to: u32,
        restored: bool,
    },
}

/// The lowered keys, in key order (few: only keys that hit a rate limit lately).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub(crate) struct Throttle {
    lowered: BTreeMap<String, Lowered>,
}

impl Throttle {
    /// The effective limit of `key` whose configured limit is `configured` (0 = unlimited).
    pub(crate) fn limit(&self, key: &str, configured: u32) -> u32 {
        match self.lowered.get(key) {
            Some(l) if configured == 0 || l.limit < configured => l.limit,
            _ => configured,
        }
    }

    /// The key's children hit a rate limit while `running` of them held slots: its limit
    /// halves, unless it was lowered within the episode window or is at the floor. An
    /// unlimited key starts from what runs.
    pub(crate) fn rate_limited(
        &mut self,
        key: &str,
        configured: u32,
        running: u32,
        tuning: Tuning,
        now: Timestamp,
    ) -> Change {
        let floor = tuning.min.max(1);
        if let Some(l) = self.lowered.get(key)
            && now.saturating_sub(l.at) < EPISODE_MS
        {
            return Change::Unchanged;
        }
        let current = match self.limit(key, configured) {
            0 => running.max(1),
            n => n,
        };
        let to = (current / 2).max(floor);
        if to >= current || (configured != 0 && to >= configured) {
            return Change::Unchanged;
        }
        self.lowered.insert(key.to_string(), Lowered { limit: to, completions: 0, at: now });
        Change::Lowered { from: current, to }
    }

    /// A task under `key` completed: a lowered key gets a slot back every `recover_after`.
    pub(crate) fn completed(&mut self, key: &str, configured: u32, tuning: Tuning) -> Change {
        let Some(l) = self.lowered.get_mut(key) else { return Change::Unchanged };
        l.completions = l.completions.saturating_add(1);
        if l.completions < tuning.recover_after.max(1) {
            return Change::Unchanged;
        }
        l.completions = 0;
        l.limit = l.limit.saturating_add(1);
        let to = l.limit;
        let restored = configured != 0 && to >= configured;
        if restored {
            self.lowered.remove(key);
        }
        Change::Raised { to: if restored { configured } else { to }, restored }
    }

    /// Every lowered key with its state, in key order.
    #[cfg(any(test, feature = "test-hooks"))]
    pub(crate) fn lowered(&self) -> impl Iterator<Item = (&str, Lowered)> {
        self.lowered.iter().map(|(k, l)| (k.as_str(), *l))
    }

    pub(crate) fn get(&self, key: &str) -> Option<Lowered> {
        self.lowered.get(key).copied()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.lowered.is_empty()
    }

    /// Takes in the keys another instance saved: where both know a key, the lower limit holds.
    pub(crate) fn merge(&mut self, saved: Throttle) {
        for (key, theirs) in saved.lowered {
            let limit = theirs.limit.max(1);
            let entry = self.lowered.entry(key).or_insert(Lowered { limit, ..theirs });
            if limit < entry.limit {
                *entry = Lowered { limit, ..theirs };
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TUNING: Tuning = Tuning { min: 1, recover_after: 2 };

    #[test]
    fn halves_once_per_episode_down_to_the_floor_and_recovers_step_by_step() {
        let mut t = Throttle::default();
        assert_eq!(t.rate_limited("k", 8, 8, TUNING, 0), Change::Lowered { from: 8, to: 4 });
        assert_eq!(t.limit("k", 8), 4);
        assert_eq!(t.rate_limited("k", 8, 8, TUNING, EPISODE_MS - 1), Change::Unchanged, "same episode");
        assert_eq!(t.rate_limited("k", 8, 8, TUNING, EPISODE_MS), Change::Lowered { from: 4, to: 2 });
        assert_eq!(t.rate_limited("k", 8, 8, TUNING, 3 * EPISODE_MS), Change::Lowered { from: 2, to: 1 });
        assert_eq!(t.rate_limited("k", 8, 8, TUNING, 5 * EPISODE_MS), Change::Unchanged, "at the floor");
        assert_eq!(t.completed("k", 8, TUNING), Change::Unchanged);
        assert_eq!(t.completed("k", 8, TUNING), Change::Raised { to: 2, restored: false });
        for _ in 0..10 {
            t.completed("k", 8, TUNING);
        }
        assert_eq!(t.limit("k", 8), 7);
        t.completed("k", 8, TUNING);
        assert_eq!(t.completed("k", 8, TUNING), Change::Raised { to: 8, restored: true });
        assert!(t.is_empty(), "at its configured limit a key has no entry");
    }

    #[test]
    fn an_unlimited_key_starts_from_what_runs_and_a_floor_above_the_limit_changes_nothing() {
        let mut t = Throttle::default();
        assert_eq!(t.rate_limited("k", 0, 6, TUNING, 0), Change::Lowered { from: 6, to: 3 });
        assert_eq!(t.limit("k", 0), 3);
        let high = Tuning { min: 4, recover_after: 1 };
        assert_eq!(t.rate_limited("j", 3, 3, high, 0), Change::Unchanged);
        assert_eq!(t.rate_limited("i", 1, 1, TUNING, 0), Change::Unchanged, "one cannot halve");
    }

    #[test]
    fn a_configured_limit_below_the_lowered_one_wins_and_merging_keeps_the_lower() {
        let mut t = Throttle::default();
        t.rate_limited("k", 8, 8, TUNING, 0);
        assert_eq!(t.limit("k", 2), 2);
        let mut saved = Throttle::default();
        saved.lowered.insert("k".to_string(), Lowered { limit: 2, completions: 1, at: 5 });
        saved.lowered.insert("j".to_string(), Lowered { limit: 0, completions: 0, at: 5 });
        t.merge(saved);
        assert_eq!(t.limit("k", 8), 2);
        assert_eq!(t.limit("j", 8), 1, "a saved 0 is read as 1, never as unlimited");
    }
}
