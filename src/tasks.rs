//! The task table: every live task by id, and the indexes the event path needs beside it (child
//! session → task, the set of running tasks, how many run per parent), owned together so they
//! are kept together. Adding or removing a task indexes or unindexes it; a session bound or
//! given up, a task starting or stopping, and a running task changing parent go through named
//! methods. Lookups by task id and by session, and a parent's running count, are O(1); the
//! running set is ordered, so polls and health checks visit running tasks only, in a
//! deterministic order.

use crate::FastMap;
use crate::api::TaskStatus;
use crate::task::Task;
use std::collections::BTreeMap;

#[derive(Debug, Default)]
pub(crate) struct Tasks {
    by_id: FastMap<String, Task>,
    /// Child session id -> task id.
    by_session: FastMap<String, String>,
    /// Ids of running tasks, with the parent each is counted under.
    running: BTreeMap<String, String>,
    /// How many tasks run per parent session.
    running_per_parent: FastMap<String, usize>,
}

impl Tasks {
    pub(crate) fn get(&self, id: &str) -> Option<&Task> {
        self.by_id.get(id)
    }

    /// The task, to change: its kept snapshot JSON is forgotten (`SavedJson`).
    pub(crate) fn get_mut(&mut self, id: &str) -> Option<&mut Task> {
        let task = self.by_id.get_mut(id)?;
        task.saved.forget();
        Some(task)
    }

    pub(crate) fn contains(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    /// Every live task, in the table's (deterministic) order.
    pub(crate) fn values(&self) -> impl Iterator<Item = &Task> {
        self.by_id.values()
    }

    pub(crate) fn len(&self) -> usize {
        self.by_id.len()
    }

    /// Adds a task, indexing its child session (if it has one) and whether it runs.
    pub(crate) fn insert(&mut self, mut task: Task) {
        // It may have been changed since it was taken out (or copied) with its JSON kept.
        task.saved.forget();
        if let Some(session) = &task.session_id {
            self.by_session.insert(session.clone(), task.id.clone());
        }
        let (id, parent) = (task.id.clone(), task.parent.session_id.clone());
        let running = task.status == TaskStatus::Running;
        self.by_id.insert(id.clone(), task);
        if running {
            self.count_running(id, parent);
        }
    }

    /// Removes a task and its index entries.
    pub(crate) fn remove(&mut self, id: &str) -> Option<Task> {
        let task = self.by_id.remove(id)?;
        if let Some(session) = &task.session_id {
            self.by_session.remove(session);
        }
        self.uncount_running(id);
        Some(task)
    }

    /// The task whose child session this is (it may have ended).
    pub(crate) fn owner_of(&self, session: &str) -> Option<&str> {
        self.by_session.get(session).map(String::as_str)
    }

    /// The live task whose child session this is.
    pub(crate) fn of_session(&self, session: &str) -> Option<&Task> {
        self.by_session.get(session).and_then(|id| self.by_id.get(id))
    }

    /// The running task whose child session this is.
    pub(crate) fn running_of(&self, session: &str) -> Option<String> {
        self.of_session(session).filter(|t| t.status == TaskStatus::Running).map(|t| t.id.clone())
    }

    /// The running task whose child session this is, to change (one look-up of each index).
    pub(crate) fn running_mut_of(&mut self, session: &str) -> Option<&mut Task> {
        let id = self.by_session.get(session)?;
        let task = self.by_id.get_mut(id).filter(|t| t.status == TaskStatus::Running)?;
        task.saved.forget();
        Some(task)
    }

    /// `session` is now the child session of task `id`.
    pub(crate) fn bind_session(&mut self, session: &str, id: &str) {
        self.by_session.insert(session.to_string(), id.to_string());
    }

    /// `session` no longer belongs to any task (its attempt was given up).
    pub(crate) fn unbind_session(&mut self, session: &str) {
        self.by_session.remove(session);
    }

    /// Task `id` runs now.
    pub(crate) fn mark_running(&mut self, id: &str) {
        if let Some(parent) = self.by_id.get(id).map(|t| t.parent.session_id.clone()) {
            self.count_running(id.to_string(), parent);
        }
    }

    /// Task `id` no longer runs (it ended, or went back to the queue).
    pub(crate) fn mark_stopped(&mut self, id: &str) {
        self.uncount_running(id);
    }

    /// Task `id` changed parent: if it runs, it counts under its new one.
    pub(crate) fn reparent(&mut self, id: &str) {
        if self.running.contains_key(id) {
            self.uncount_running(id);
            self.mark_running(id);
        }
    }

    /// How many tasks of `parent` run.
    pub(crate) fn running_under(&self, parent: &str) -> usize {
        self.running_per_parent.get(parent).copied().unwrap_or(0)
    }

    fn count_running(&mut self, id: String, parent: String) {
        if self.running.contains_key(&id) {
            return;
        }
        *self.running_per_parent.entry(parent.clone()).or_default() += 1;
        self.running.insert(id, parent);
    }

    fn uncount_running(&mut self, id: &str) {
        let Some(parent) = self.running.remove(id) else { return };
        if let Some(n) = self.running_per_parent.get_mut(&parent) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                self.running_per_parent.remove(&parent);
            }
        }
    }

    /// The ids of running tasks, in order.
    pub(crate) fn running(&self) -> impl Iterator<Item = &String> {
        self.running.keys()
    }

    pub(crate) fn any_running(&self) -> bool {
        !self.running.is_empty()
    }

    pub(crate) fn running_count(&self) -> usize {
        self.running.len()
    }

    /// The indexes agree with the tasks: each task under its own id, running exactly when its
    /// status says so and counted under its parent, each session indexed to the task that has it.
    #[cfg(any(test, feature = "test-hooks"))]
    pub(crate) fn check(&self) -> Result<(), String> {
        for (id, task) in &self.by_id {
            if &task.id != id {
                return Err(format!("task stored under `{id}` has id `{}`", task.id));
            }
            let counted_under = self.running.get(id);
            if (task.status == TaskStatus::Running) != counted_under.is_some() {
                return Err(format!(
                    "{id} is {} but running-set membership is {}",
                    task.status.as_str(),
                    counted_under.is_some()
                ));
            }
            if counted_under.is_some_and(|parent| *parent != task.parent.session_id) {
                return Err(format!("{id} runs counted under another parent than its own"));
            }
            if let Some(session) = &task.session_id
                && self.by_session.get(session).is_some_and(|owner| owner != id)
            {
                return Err(format!("session {session} of {id} is indexed to another task"));
            }
        }
        if self.running.keys().any(|id| !self.by_id.contains_key(id)) {
            return Err("the running set names tasks that do not exist".into());
        }
        let mut per_parent: FastMap<&str, usize> = FastMap::default();
        for parent in self.running.values() {
            *per_parent.entry(parent.as_str()).or_default() += 1;
        }
        if per_parent.len() != self.running_per_parent.len()
            || per_parent.iter().any(|(p, n)| self.running_per_parent.get(*p) != Some(n))
        {
            return Err("the running counts per parent disagree with the running set".into());
        }
        for (session, id) in &self.by_session {
            if self.by_id.get(id).and_then(|t| t.session_id.as_ref()) != Some(session) {
                return Err(format!("session index {session} -> {id} is stale"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::task::ParentRef;

    fn task(id: &str, session: Option<&str>, status: TaskStatus) -> Task {
        let mut t = Task::new(id.into(), "d".into(), "general".into(), ParentRef::default(), "general".into(), 0);
        t.session_id = session.map(str::to_string);
        if status == TaskStatus::Running {
            let _ = t.transition(TaskStatus::Running, 1);
        }
        t
    }

    #[test]
    fn adding_and_removing_a_task_keeps_its_indexes() {
        let mut tasks = Tasks::default();
        tasks.insert(task("a", Some("ses_a"), TaskStatus::Running));
        tasks.insert(task("b", None, TaskStatus::Pending));
        assert_eq!(tasks.running_of("ses_a"), Some("a".to_string()));
        assert_eq!(tasks.running().collect::<Vec<_>>(), vec!["a"]);
        assert_eq!(tasks.check(), Ok(()));
        let removed = tasks.remove("a").map(|t| t.id);
        assert_eq!(removed.as_deref(), Some("a"));
        assert_eq!((tasks.owner_of("ses_a"), tasks.any_running()), (None, false));
        assert_eq!(tasks.check(), Ok(()));
    }

    #[test]
    fn the_check_finds_an_index_that_disagrees() {
        let mut tasks = Tasks::default();
        tasks.insert(task("a", Some("ses_a"), TaskStatus::Running));
        tasks.mark_stopped("a");
        assert!(tasks.check().is_err_and(|e| e.contains("running-set")));
        tasks.mark_running("a");
        tasks.bind_session("ses_x", "a");
        assert!(tasks.check().is_err_and(|e| e.contains("stale")));
        tasks.unbind_session("ses_x");
        assert_eq!(tasks.check(), Ok(()));
    }
}
