//! Self-checks of the state and counters for the test suites (the model-based test calls them
//! after every step), behind the `test-hooks` feature: not part of a host's API. Cost is linear
//! in the number of tasks: never called on the event path.

use crate::api::TaskStatus;
use crate::manager::Manager;
use crate::notify::Known;
use std::collections::BTreeMap;

impl Manager {
    /// Checks the invariants that every input must preserve; the error names the first broken one.
    pub fn check_invariants(&self) -> Result<(), String> {
        if self.shutting_down {
            // A shut-down instance holds no slots; its tasks live on in the final snapshot.
            return Ok(());
        }
        let mut running_per_key: BTreeMap<&str, u32> = BTreeMap::new();
        for (id, task) in &self.tasks {
            if &task.id != id {
                return Err(format!("task stored under `{id}` has id `{}`", task.id));
            }
            let in_running = self.running_ids.contains(id);
            if (task.status == TaskStatus::Running) != in_running {
                return Err(format!("{id} is {} but running-set membership is {in_running}", task.status.as_str()));
            }
            if task.status == TaskStatus::Running && task.holds_slot {
                *running_per_key.entry(task.concurrency_key.as_str()).or_default() += 1;
            }
            if task.status == TaskStatus::Running
                && task.phase() == crate::task::Phase::Unanswered
                && !self.timers.is_set(&crate::timers::TimerKey::NoAnswer(id.clone()))
            {
                return Err(format!("{id} waits to be asked for its answer without a deadline"));
            }
            if task.announced > 1 {
                return Err(format!("{id} was announced {} times", task.announced));
            }
            if let Some(session) = &task.session_id
                && self.by_session.get(session).is_some_and(|owner| owner != id)
            {
                return Err(format!("session {session} of {id} is indexed to another task"));
            }
            if let Some(parent) = self.notifier.parent(&task.parent.session_id) {
                let listed = parent.unfinished().iter().filter(|t| *t == id).count();
                let expected = usize::from(!task.status.is_terminal());
                if listed != expected {
                    return Err(format!("{id} ({}) is listed {listed} times as unfinished", task.status.as_str()));
                }
            }
        }
        if self.running_ids.iter().any(|id| !self.tasks.contains_key(id)) {
            return Err("the running set names tasks that do not exist".into());
        }
        for (key, in_use, _) in self.slots.usage() {
            let running = running_per_key.get(key).copied().unwrap_or(0);
            if in_use != running {
                return Err(format!("key `{key}` holds {in_use} slots for {running} running tasks"));
            }
            let limit = self.config.limit_for(key);
            if limit != 0 && in_use > limit {
                return Err(format!("key `{key}` holds {in_use} slots, over its limit {limit}"));
            }
        }
        for (key, running) in &running_per_key {
            if self.slots.usage().all(|(k, _, _)| k != *key) {
                return Err(format!("{running} tasks run under `{key}` without holding slots"));
            }
        }
        let mut waiting = 0usize;
        for (key, id) in self.slots.waiters() {
            waiting += 1;
            match self.tasks.get(&id) {
                Some(t) if t.status == TaskStatus::Pending && t.concurrency_key == key => {}
                _ => return Err(format!("{id} waits under `{key}` but is not a pending task of that key")),
            }
        }
        let pending = self
            .tasks
            .values()
            .filter(|t| t.status == TaskStatus::Pending && t.phase() != crate::task::Phase::Resolving)
            .count();
        if waiting != pending {
            return Err(format!("{pending} pending tasks but {waiting} queue entries"));
        }
        self.notifier.check(|id| match self.tasks.get(id) {
            Some(t) if t.status.is_terminal() => Some((t.parent.session_id.clone(), Known::Ended)),
            Some(t) => Some((t.parent.session_id.clone(), Known::Unfinished)),
            None => self.archive.get(id).map(|a| (a.parent_session_id.clone(), Known::Archived)),
        })?;
        self.archive.check()?;
        for (session, id) in &self.by_session {
            if self.tasks.get(id).and_then(|t| t.session_id.as_ref()) != Some(session) {
                return Err(format!("session index {session} -> {id} is stale"));
            }
        }
        Ok(())
    }

    /// How many delivered notices announced this task (None once it left the live table).
    pub fn announcements(&self, task_id: &str) -> Option<u32> {
        self.tasks.get(task_id).map(|t| t.announced)
    }

    /// Slots held and tasks waiting, per concurrency key.
    pub fn slot_usage(&self) -> Vec<(String, u32, usize)> {
        self.slots.usage().map(|(k, u, w)| (k.to_string(), u, w)).collect()
    }
}
