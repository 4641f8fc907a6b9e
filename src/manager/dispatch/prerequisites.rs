//! Tasks that run after others, from the manager's side: a launch's `after` checked and
//! resolved, an admitted launch held until its prerequisites have ended, the cascade when one
//! ends (each waiting task waits on, queues with the digest of their results, or is cancelled),
//! and the waits a snapshot brought in watched again. The decisions are `prerequisites.rs`'s.

use crate::api::*;
use crate::format;
use crate::manager::Manager;
use crate::prerequisites::{Standing, Verdict, failure_words, on_cycles, verdict};
use crate::task::Ending;
use std::collections::BTreeSet;

impl Manager {
    /// A launch's prerequisites as task ids (named by task or child session id; each one the
    /// caller's or a session's below it; duplicates once), and those that have not ended. A
    /// launch that could never run (one already did not complete, and it skips on failure) is
    /// refused.
    pub(crate) fn launch_prerequisites(
        &self,
        caller: &str,
        after: &[String],
        on_failure: PrerequisiteFailure,
    ) -> Result<(Vec<String>, Vec<String>), RequestError> {
        if after.len() > MAX_PREREQUISITES {
            return Err(RequestError::Invalid(format!(
                "`after` names {} tasks; a task runs after at most {MAX_PREREQUISITES}",
                after.len()
            )));
        }
        let mut ids: Vec<String> = Vec::with_capacity(after.len());
        for name in after {
            let id = self.authorized(caller, name)?.to_string();
            // Even where sessions may see each other's tasks (`restrictToLineage` off), a task
            // runs only after tasks of its own tree.
            if !self.parent_of(&id).is_some_and(|parent| self.is_within(&parent, caller)) {
                return Err(RequestError::Invalid(format!(
                    "`{name}` is not a task of this session or of a session below it: only those can be prerequisites"
                )));
            }
            if !ids.contains(&id) {
                ids.push(id);
            }
        }
        match verdict(&ids, on_failure, |id| self.standing(id)) {
            Verdict::Skipped { prerequisite, status } => Err(RequestError::Conflict(format!(
                "The {} already: with on_failure \"skip\" this task could never run. Launch it without that \
                 prerequisite, or with on_failure \"run\" (its prompt then says how the prerequisite ended).",
                failure_words(&prerequisite, status)
            ))),
            Verdict::Waits(open) => Ok((ids, open)),
            Verdict::Ready => Ok((ids, Vec::new())),
        }
    }

    /// How a task stands as a prerequisite.
    pub(crate) fn standing(&self, id: &str) -> Standing {
        match (self.tasks.get(id), self.archive.get(id)) {
            (Some(t), _) if t.status.is_terminal() => Standing::Ended(t.status),
            (Some(_), _) => Standing::Unfinished,
            (None, Some(archived)) => Standing::Ended(archived.status),
            (None, None) => Standing::Gone,
        }
    }

    /// An admitted launch goes on: it queues (its prompt with the digest of its prerequisites'
    /// results) once they have all ended, and waits for them until then.
    pub(crate) fn queue_when_ready(&mut self, id: &str, now: Timestamp) {
        let Some(task) = self.tasks.get_mut(id) else { return };
        if !task.waiting_for.is_empty() {
            task.await_prerequisites();
            self.mark_dirty();
            return;
        }
        task.queue_up();
        self.add_digest(id);
        self.enqueue_or_start(id, now);
    }

    /// Appends to a dependent task's prompt how its prerequisites ended and the start of their
    /// answers (bounded, quoted).
    fn add_digest(&mut self, id: &str) {
        let Some(task) = self.tasks.get(id).filter(|t| !t.after.is_empty()) else { return };
        let mut ended = Vec::with_capacity(task.after.len());
        let mut gone = Vec::new();
        for prerequisite in &task.after {
            match self.known_view(prerequisite) {
                Some(view) => ended.push(view),
                None => gone.push(prerequisite.clone()),
            }
        }
        let digest = format::prerequisite_digest(&ended, &gone);
        if let Some(task) = self.tasks.get_mut(id) {
            task.prompt.push_str(&digest);
        }
    }

    /// Task `id` ended (`finish`): the tasks that waited for it are looked at again, and those
    /// that end in turn too, as one cascade worked through in a loop.
    pub(crate) fn prerequisite_ended(&mut self, id: &str, now: Timestamp) {
        if !self.prerequisites.ended(id) {
            return;
        }
        while let Some(dependents) = self.prerequisites.next() {
            for dependent in dependents {
                self.reconsider(&dependent, now);
            }
        }
    }

    /// A task that waits for prerequisites, looked at again: it waits on (for those still
    /// unfinished), goes on (to admission's end, or its queue), or is cancelled.
    fn reconsider(&mut self, id: &str, now: Timestamp) {
        let Some(task) = self.tasks.get(id).filter(|t| t.has_open_prerequisites()) else { return };
        let decided = verdict(&task.after, task.on_failure, |p| self.standing(p));
        let open = match &decided {
            Verdict::Waits(open) => open.clone(),
            Verdict::Ready | Verdict::Skipped { .. } => Vec::new(),
        };
        let Some(task) = self.tasks.get_mut(id) else { return };
        let before = std::mem::replace(&mut task.waiting_for, open);
        self.prerequisites.unwatch(id, &before);
        self.prerequisites.watch(id, &task.waiting_for);
        // Still resolving, it is queued by admission's end instead.
        let (parent, admitted) = (task.parent.session_id.clone(), task.awaits_prerequisites());
        self.mark_dirty();
        self.show(&parent, crate::panel::Change::Status, now);
        match decided {
            Verdict::Waits(_) => {}
            Verdict::Ready if admitted => self.queue_when_ready(id, now),
            Verdict::Ready => {}
            Verdict::Skipped { prerequisite, status } => {
                let reason = format!("Not run: {} (on_failure \"skip\")", failure_words(&prerequisite, status));
                self.finish(id, Ending::cancelled(reason), now);
            }
        }
    }

    /// The waits of tasks a snapshot brought in, watched again: a cycle (which no launch can make,
    /// but a snapshot could say) fails its tasks, and every wait is decided afresh, since its
    /// prerequisites may have ended, or be gone, meanwhile.
    pub(crate) fn rewatch_prerequisites(&mut self, adopted: &BTreeSet<String>, now: Timestamp) {
        let waiting: Vec<String> = adopted
            .iter()
            .filter(|id| self.tasks.get(id).is_some_and(|t| t.has_open_prerequisites()))
            .cloned()
            .collect();
        for id in &waiting {
            if let Some(task) = self.tasks.get(id) {
                self.prerequisites.watch(id, &task.waiting_for);
            }
        }
        let tasks = &self.tasks;
        let cyclic = on_cycles(waiting.iter(), |id| tasks.get(id).map(|t| t.waiting_for.clone()).unwrap_or_default());
        for id in &cyclic {
            if self.tasks.get(id).is_some_and(|t| !t.status.is_terminal()) {
                let error = "Its prerequisites wait for it in turn (a cycle, as the saved state says): launch it again";
                self.finish(id, Ending::failed(error), now);
            }
        }
        for id in &waiting {
            self.reconsider(id, now);
        }
        // Saved as awaiting with nothing to wait for: it queues.
        let stranded: Vec<String> = adopted
            .iter()
            .filter(|id| self.tasks.get(id).is_some_and(|t| t.awaits_prerequisites() && t.waiting_for.is_empty()))
            .cloned()
            .collect();
        for id in stranded {
            self.queue_when_ready(&id, now);
        }
    }

    /// The prerequisite `id` names (its task id, or its child session id) when `caller` is the
    /// child session of a task launched to run after it: that task may read it (its digest says
    /// how), though it may act on it no more than on any other task.
    pub(crate) fn prerequisite_for(&self, caller: &str, id: &str) -> Option<&str> {
        let named = self.tasks.owner_of(id).or_else(|| self.archive.owner_of(id)).unwrap_or(id);
        let task = self.tasks.of_session(caller)?;
        task.after.iter().find(|p| *p == named).map(String::as_str)
    }
}
