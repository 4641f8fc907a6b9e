//! An ordered set of ids: kept in the order they were added, with membership, removal and
//! appending that never scan the list (a parent may have launched thousands of tasks, and each
//! launch and each end touches its lists). Saved as the plain list of ids, oldest first.

use crate::FastMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default)]
pub(crate) struct IdList {
    /// The ids by the number they were added under.
    order: BTreeMap<u64, String>,
    /// Each id's number.
    numbers: FastMap<String, u64>,
    next: u64,
}

impl IdList {
    /// Adds `id` at the end, unless it is in the list; says whether it was added.
    pub(crate) fn push(&mut self, id: &str) -> bool {
        if self.numbers.contains_key(id) {
            return false;
        }
        self.order.insert(self.next, id.to_string());
        self.numbers.insert(id.to_string(), self.next);
        self.next = self.next.wrapping_add(1);
        true
    }

    /// Adds `id` at the end, unless it is in the list, then lets the oldest ids go until at
    /// most `cap` are left (a window of the newest ids); says whether it was added.
    pub(crate) fn push_within(&mut self, id: &str, cap: usize) -> bool {
        if !self.push(id) {
            return false;
        }
        while self.order.len() > cap {
            if let Some((_, oldest)) = self.order.pop_first() {
                self.numbers.remove(&oldest);
            }
        }
        true
    }

    /// Removes `id`; says whether it was in the list.
    pub(crate) fn remove(&mut self, id: &str) -> bool {
        match self.numbers.remove(id) {
            Some(n) => self.order.remove(&n).is_some(),
            None => false,
        }
    }

    pub(crate) fn contains(&self, id: &str) -> bool {
        self.numbers.contains_key(id)
    }

    pub(crate) fn len(&self) -> usize {
        self.order.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The ids, oldest first.
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = &String> {
        self.order.values()
    }

    /// Keeps only the ids `keep` accepts.
    pub(crate) fn retain(&mut self, mut keep: impl FnMut(&str) -> bool) {
        let numbers = &mut self.numbers;
        self.order.retain(|_, id| {
            let kept = keep(id);
            if !kept {
                numbers.remove(id.as_str());
            }
            kept
        });
    }

    pub(crate) fn clear(&mut self) {
        self.order.clear();
        self.numbers.clear();
    }

    /// Empties the list; returns its ids, oldest first.
    pub(crate) fn take(&mut self) -> Vec<String> {
        self.numbers.clear();
        std::mem::take(&mut self.order).into_values().collect()
    }
}

impl<'a> IntoIterator for &'a IdList {
    type Item = &'a String;
    type IntoIter = std::collections::btree_map::Values<'a, u64, String>;
    fn into_iter(self) -> Self::IntoIter {
        self.order.values()
    }
}

impl FromIterator<String> for IdList {
    fn from_iter<I: IntoIterator<Item = String>>(ids: I) -> Self {
        let mut list = IdList::default();
        for id in ids {
            list.push(&id);
        }
        list
    }
}

/// Equal when they hold the same ids in the same order (the numbers do not matter).
impl PartialEq for IdList {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for IdList {}

impl Serialize for IdList {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

/// Read from a list of ids; an id that comes again is kept once, at its first place.
impl<'de> Deserialize<'de> for IdList {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Vec::<String>::deserialize(deserializer)?.into_iter().collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_order_and_each_id_once() {
        let mut l = IdList::default();
        assert!(l.push("a") && l.push("b") && l.push("c"));
        assert!(!l.push("a"), "already in");
        assert!(l.remove("b") && !l.remove("b"));
        assert!(l.push("b"), "back, at the end");
        assert_eq!(l.iter().map(String::as_str).collect::<Vec<_>>(), ["a", "c", "b"]);
        l.retain(|id| id != "c");
        assert!(!l.contains("c") && l.len() == 2);
        assert_eq!(l.take(), ["a", "b"]);
        assert!(l.is_empty() && !l.contains("a"));
    }

    #[test]
    fn a_window_keeps_the_newest_ids() {
        let mut l = IdList::default();
        for id in ["a", "b", "c"] {
            assert!(l.push_within(id, 2));
        }
        assert!(!l.push_within("c", 2), "already in");
        assert_eq!(l.iter().map(String::as_str).collect::<Vec<_>>(), ["b", "c"]);
        assert!(!l.contains("a"));
        assert!(l.push_within("a", 2), "let go: new again");
    }

    #[test]
    fn saved_as_a_plain_list() {
        let l: IdList = ["x", "y", "x"].into_iter().map(String::from).collect();
        let json = serde_json::to_string(&l).unwrap_or_default();
        assert_eq!(json, r#"["x","y"]"#);
        let back: IdList = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, l);
    }
}
