//! The archive: what is left of a task after its retention, enough to answer a late
//! `background_output`. It is bounded (`archiveSize`): the oldest entry goes first. It owns its
//! map and its order; the manager hands it expired tasks (and the archives of instances it takes
//! over) and learns which ids it let go, so the parent bookkeeping can forget them too.

use crate::FastMap;
use crate::api::*;
use crate::task::Task;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

/// What is left of a task after retention.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Archived {
    pub id: String,
    pub description: String,
    pub agent: String,
    pub status: TaskStatus,
    pub parent_session_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub session_id: Option<String>,
    pub queued_at: Timestamp,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub started_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub completed_at: Option<Timestamp>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

impl Archived {
    /// Keeps what a late query needs of an ended task; the rest goes.
    pub(crate) fn of(task: Task) -> Archived {
        Archived {
            id: task.id,
            description: task.description,
            agent: task.agent,
            status: task.status,
            parent_session_id: task.parent.session_id,
            session_id: task.session_id,
            queued_at: task.queued_at,
            started_at: task.started_at,
            completed_at: task.completed_at,
            result: task.result,
            error: task.error,
        }
    }

    pub(crate) fn view(&self) -> TaskView {
        TaskView {
            id: self.id.clone(),
            description: self.description.clone(),
            agent: self.agent.clone(),
            model: None,
            status: self.status,
            parent_session_id: self.parent_session_id.clone(),
            session_id: self.session_id.clone(),
            queued_at: self.queued_at,
            started_at: self.started_at,
            completed_at: self.completed_at,
            error: self.error.clone(),
            result: self.result.clone(),
            progress: TaskProgress::default(),
            concurrency_key: String::new(),
            attempts: 1,
            depth: 0,
            budget: Budget::default(),
            after: Vec::new(),
            waiting_for: Vec::new(),
        }
    }
}

/// Expired tasks by id, their ids oldest first, and which task each child session was.
#[derive(Debug, Default)]
pub(crate) struct Archive {
    entries: FastMap<String, Archived>,
    order: VecDeque<String>,
    /// Child session id -> task id (a tool may name a task by its child session).
    by_session: FastMap<String, String>,
}

impl Archive {
    /// The archived task whose child session this was.
    pub(crate) fn owner_of(&self, session: &str) -> Option<&str> {
        self.by_session.get(session).map(String::as_str)
    }

    /// Stores an entry (replacing one under the same id), with its session indexed.
    fn put(&mut self, entry: Archived) {
        if let Some(session) = &entry.session_id {
            self.by_session.insert(session.clone(), entry.id.clone());
        }
        if let Some(old) = self.entries.insert(entry.id.clone(), entry) {
            self.unindex(&old);
        }
    }

    /// Takes out an entry, with its session's index entry.
    fn take(&mut self, id: &str) -> Option<Archived> {
        let entry = self.entries.remove(id)?;
        self.unindex(&entry);
        Some(entry)
    }

    /// Drops `entry`'s session from the index, unless it now names another entry.
    fn unindex(&mut self, entry: &Archived) {
        if let Some(session) = &entry.session_id
            && self.by_session.get(session) == Some(&entry.id)
            && self.entries.get(&entry.id).is_none_or(|now| now.session_id.as_ref() != Some(session))
        {
            self.by_session.remove(session);
        }
    }

    pub(crate) fn get(&self, id: &str) -> Option<&Archived> {
        self.entries.get(id)
    }

    pub(crate) fn contains(&self, id: &str) -> bool {
        self.entries.contains_key(id)
    }

    /// Keeps `entry` as the newest; an entry under the same id is replaced. Returns what left
    /// to keep the archive within `capacity`, oldest first.
    pub(crate) fn insert(&mut self, entry: Archived, capacity: usize) -> Vec<Archived> {
        self.remove(&entry.id);
        self.order.push_back(entry.id.clone());
        self.put(entry);
        self.evict(capacity)
    }

    /// Removes the oldest entries beyond `capacity`; returns them, oldest first.
    fn evict(&mut self, capacity: usize) -> Vec<Archived> {
        let mut evicted = Vec::new();
        while self.order.len() > capacity {
            let Some(old) = self.order.pop_front() else { break };
            evicted.extend(self.take(&old));
        }
        evicted
    }

    /// Forgets an id: from now on it may name a new, unrelated task.
    pub(crate) fn remove(&mut self, id: &str) -> Option<Archived> {
        let entry = self.take(id)?;
        // Linear in the archive's bounded size; only on expiry and on reuse of an id.
        self.order.retain(|a| a != id);
        Some(entry)
    }

    /// Oldest first, as a snapshot stores them.
    pub(crate) fn entries(&self) -> impl Iterator<Item = &Archived> {
        self.order.iter().filter_map(|id| self.entries.get(id))
    }

    /// Takes in the archive another instance saved (a restore, or an adoption), oldest first,
    /// as newer than this one's entries; the caller leaves out the ids it knows. An id listed
    /// twice keeps one place, its first, and its last entry. Returns what left to keep the
    /// archive within `capacity`, oldest first.
    pub(crate) fn adopt(&mut self, entries: Vec<Archived>, capacity: usize) -> Vec<Archived> {
        for entry in entries {
            if !self.entries.contains_key(&entry.id) {
                self.order.push_back(entry.id.clone());
            }
            self.put(entry);
        }
        self.evict(capacity)
    }

    #[cfg(any(test, feature = "test-hooks"))]
    /// Each id once in the order, and the order and the map agree.
    pub(crate) fn check(&self) -> Result<(), String> {
        if self.order.len() != self.entries.len() {
            return Err(format!("archive order has {} ids for {} entries", self.order.len(), self.entries.len()));
        }
        if let Some(id) = self.order.iter().find(|id| !self.entries.contains_key(*id)) {
            return Err(format!("archive order names {id}, which it does not hold"));
        }
        for (session, id) in &self.by_session {
            if self.entries.get(id).and_then(|e| e.session_id.as_ref()) != Some(session) {
                return Err(format!("archive indexes session {session} under {id}, which is not its task"));
            }
        }
        let sessions = self.entries.values().filter(|e| e.session_id.is_some()).count();
        if sessions < self.by_session.len() {
            return Err(format!("archive indexes {} sessions for {sessions} entries with one", self.by_session.len()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str) -> Archived {
        Archived {
            id: id.into(),
            description: String::new(),
            agent: String::new(),
            status: TaskStatus::Completed,
            parent_session_id: "p".into(),
            session_id: None,
            queued_at: 0,
            started_at: None,
            completed_at: None,
            result: None,
            error: None,
        }
    }

    #[test]
    fn the_oldest_entries_leave_first_when_full() {
        let mut a = Archive::default();
        assert!(a.insert(entry("a"), 2).is_empty());
        assert!(a.insert(entry("b"), 2).is_empty());
        let evicted: Vec<String> = a.insert(entry("c"), 2).into_iter().map(|e| e.id).collect();
        assert_eq!(evicted, vec!["a"]);
        let kept: Vec<&str> = a.entries().map(|e| e.id.as_str()).collect();
        assert_eq!(kept, vec!["b", "c"]);
        assert_eq!(a.check(), Ok(()));
    }

    #[test]
    fn an_adopted_archive_comes_after_this_one_within_the_bound() {
        let mut a = Archive::default();
        a.insert(entry("a"), 3);
        a.insert(entry("b"), 3);
        let evicted: Vec<String> =
            a.adopt(vec![entry("c"), entry("d"), entry("c")], 3).into_iter().map(|e| e.id).collect();
        assert_eq!(evicted, vec!["a"], "the oldest leaves first");
        let kept: Vec<&str> = a.entries().map(|e| e.id.as_str()).collect();
        assert_eq!(kept, vec!["b", "c", "d"], "an id listed twice keeps its first place");
        assert_eq!(a.check(), Ok(()));
    }

    #[test]
    fn an_id_archived_again_is_the_newest_once() {
        let mut a = Archive::default();
        a.insert(entry("a"), 3);
        a.insert(entry("b"), 3);
        a.insert(entry("a"), 3);
        let kept: Vec<&str> = a.entries().map(|e| e.id.as_str()).collect();
        assert_eq!(kept, vec!["b", "a"]);
        assert_eq!(a.check(), Ok(()));
    }

    #[test]
    fn a_child_session_names_its_archived_task_while_it_is_kept() {
        let with_session = |id: &str, session: &str| Archived { session_id: Some(session.into()), ..entry(id) };
        let mut a = Archive::default();
        let _ = a.insert(with_session("a", "ses_a"), 2);
        let _ = a.insert(with_session("b", "ses_b"), 2);
        assert_eq!((a.owner_of("ses_a"), a.owner_of("ses_b")), (Some("a"), Some("b")));
        // Archived again with another session: only the new one names it.
        let _ = a.insert(with_session("a", "ses_a2"), 2);
        assert_eq!((a.owner_of("ses_a"), a.owner_of("ses_a2")), (None, Some("a")));
        // Evicted, removed, replaced by adoption: the index follows.
        let _ = a.insert(entry("c"), 2);
        assert_eq!(a.owner_of("ses_b"), None, "b was evicted");
        let _ = a.adopt(vec![with_session("c", "ses_c")], 2);
        assert_eq!(a.owner_of("ses_c"), Some("c"));
        let _ = a.remove("a");
        assert_eq!(a.owner_of("ses_a2"), None);
        assert_eq!(a.check(), Ok(()));
    }
}
