//! Per-key concurrency: one FIFO of waiting tasks and a count of held slots per key. Different
//! keys run in parallel; a freed slot goes to the next waiter of the same key.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, VecDeque};

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
struct KeyState {
    in_use: u32,
    waiting: VecDeque<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Slots {
    keys: BTreeMap<String, KeyState>,
}

impl Slots {
    /// Takes a slot at once when the key has one free (limit 0 = unlimited).
    pub(crate) fn try_acquire(&mut self, key: &str, limit: u32) -> bool {
        let state = self.keys.entry(key.to_string()).or_default();
        if limit == 0 || state.in_use < limit {
            state.in_use += 1;
            true
        } else {
            false
        }
    }

    /// Queues a task behind the key's waiters.
    pub(crate) fn enqueue(&mut self, key: &str, task_id: &str) {
        self.keys.entry(key.to_string()).or_default().waiting.push_back(task_id.to_string());
    }

    /// Gives a slot back. Returns the waiters that may now start, in order, each already
    /// holding its slot.
    pub(crate) fn release(&mut self, key: &str, limit: u32) -> Vec<String> {
        let Some(state) = self.keys.get_mut(key) else {
            return Vec::new();
        };
        state.in_use = state.in_use.saturating_sub(1);
        let mut started = Vec::new();
        while limit == 0 || state.in_use < limit {
            let Some(next) = state.waiting.pop_front() else {
                break;
            };
            state.in_use += 1;
            started.push(next);
        }
        if state.in_use == 0 && state.waiting.is_empty() {
            self.keys.remove(key);
        }
        started
    }

    /// Takes a task out of its key's queue (cancel, TTL); true when it was waiting there.
    pub(crate) fn remove_waiter(&mut self, key: &str, task_id: &str) -> bool {
        let Some(state) = self.keys.get_mut(key) else {
            return false;
        };
        let before = state.waiting.len();
        state.waiting.retain(|id| id != task_id);
        let removed = state.waiting.len() != before;
        if state.in_use == 0 && state.waiting.is_empty() {
            self.keys.remove(key);
        }
        removed
    }

    /// Every waiting task with its key, each key's queue in order.
    pub(crate) fn waiters(&self) -> Vec<(String, String)> {
        self.keys.iter().flat_map(|(k, s)| s.waiting.iter().map(move |id| (k.clone(), id.clone()))).collect()
    }

    /// How many slots of `key` are held.
    pub(crate) fn in_use(&self, key: &str) -> u32 {
        self.keys.get(key).map_or(0, |s| s.in_use)
    }

    /// Every key with its held slots, for invariant checks and status texts.
    pub(crate) fn usage(&self) -> impl Iterator<Item = (&str, u32, usize)> {
        self.keys.iter().map(|(k, s)| (k.as_str(), s.in_use, s.waiting.len()))
    }

    pub(crate) fn clear(&mut self) {
        self.keys.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fifo_per_key_and_keys_are_independent() {
        let mut s = Slots::default();
        assert!(s.try_acquire("a", 1));
        assert!(!s.try_acquire("a", 1));
        s.enqueue("a", "t2");
        s.enqueue("a", "t3");
        assert!(s.try_acquire("b", 1));
        assert_eq!(s.release("a", 1), vec!["t2".to_string()]);
        assert_eq!(s.in_use("a"), 1);
        assert!(s.remove_waiter("a", "t3"));
        assert_eq!(s.release("a", 1), Vec::<String>::new());
        assert_eq!(s.in_use("a"), 0);
        assert_eq!(s.in_use("b"), 1);
    }

    #[test]
    fn zero_means_unlimited() {
        let mut s = Slots::default();
        for _ in 0..100 {
            assert!(s.try_acquire("k", 0));
        }
        assert_eq!(s.in_use("k"), 100);
    }
}
