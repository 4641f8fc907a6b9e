//! Restore and adoption, from the manager's side: the state another instance saved, taken over.
//! An adoption merges the snapshot of an instance that is gone into this live manager; a restore
//! (`Manager::new` with a snapshot) is an adoption into a fresh one. One function per job: what
//! this manager has already (skipped, never replaced), the state merged part by part with each
//! task normalised, the slots of the children that run, the queues, the slots that free up, the
//! admission lookups that were in flight, what to watch and check again. Each part merges its
//! own state (`Notifier::adopt`, `Archive::adopt`, `Lineage::merge`, `Timers::adopt`,
//! `Calls::adopt_epoch`); the snapshot's format and the normalisation of one task are in
//! `snapshot.rs`.

use crate::api::*;
use crate::archive::Archived;
use crate::manager::Manager;
use crate::queue::Slots;
use crate::snapshot::{IN_FLIGHT_GRACE_MS, Restart, Snapshot, normalise};
use crate::task::Task;
use crate::timers::TimerKey;
use std::collections::BTreeSet;

/// What a snapshot brought in.
#[derive(Default)]
struct Adopted {
    /// The live tasks taken in.
    tasks: BTreeSet<String>,
    /// Those of them whose run was lost (aborted by a shutdown, or its session creation cut
    /// short): they go first among the adopted tasks in their queues.
    requeue: Vec<String>,
    /// The parents whose bookkeeping was taken in (merged into ours where we know them too).
    parents: BTreeSet<String>,
    /// How many archived tasks were taken in.
    archived: usize,
}

impl Manager {
    /// Takes over the state of another instance that is gone (its snapshot, claimed by the host):
    /// its tasks join this manager's as a restore would bring them back (running children watched
    /// and checked, suspended ones continued, queued tasks queued after this manager's waiters,
    /// owed notices delivered). A task this manager has already (by id, live or archived, or by
    /// child session) is skipped, never replaced, and nothing is announced twice. The merged
    /// state is persisted. Returns how many tasks (live and archived) were adopted; an unreadable
    /// snapshot, one of another version, or any snapshot after `shutdown` is refused with the
    /// reason, and nothing changes.
    pub fn adopt(&mut self, now: Timestamp, snapshot: &str) -> Result<u32, String> {
        self.input(now, |m| m.adopt_snapshot(snapshot, now))
    }

    fn adopt_snapshot(&mut self, text: &str, now: Timestamp) -> Result<u32, String> {
        if self.shutting_down {
            return Err("this manager has shut down: it adopts nothing".into());
        }
        let adopted = self.take_over(text, now)?;
        // The merged state is in no file yet.
        self.mark_dirty();
        self.out.log(
            LogLevel::Info,
            format!(
                "adopted {} task(s) and {} archived one(s) from the snapshot of another instance",
                adopted.tasks.len(),
                adopted.archived
            ),
        );
        Ok(u32::try_from(adopted.tasks.len().saturating_add(adopted.archived)).unwrap_or(u32::MAX))
    }

    /// Restores the state of an earlier instance: an adoption into this fresh manager (nothing to
    /// write: its file holds that state already).
    pub(crate) fn restore(&mut self, text: &str, now: Timestamp) -> Result<(), String> {
        self.take_over(text, now)?;
        self.out.log(
            LogLevel::Info,
            format!("restored {} task(s), {} running, from a snapshot", self.tasks.len(), self.tasks.running_count()),
        );
        Ok(())
    }

    /// Merges a snapshot into this manager, one job at a time. A snapshot that cannot be read
    /// changes nothing.
    fn take_over(&mut self, text: &str, now: Timestamp) -> Result<Adopted, String> {
        let mut snap = Snapshot::parse(text)?;
        let skip = self.skipped(&snap);
        let saved_queues = std::mem::take(&mut snap.slots);
        let adopted = self.load(snap, &skip, now);
        self.take_slots(&adopted.tasks);
        self.rebuild_queues(&adopted, &saved_queues);
        self.start_what_fits(now);
        self.rewatch_prerequisites(&adopted.tasks, now);
        self.ask_admission_again(&adopted.tasks, now);
        self.watch_and_recheck(&adopted, now);
        Ok(adopted)
    }

    /// The ids of the snapshot that this manager has already, live or archived, and its tasks
    /// whose child session belongs to a live task here (two managers never drive one child):
    /// they are not adopted, and they leave the adopted parents' lists and notices.
    fn skipped(&mut self, snap: &Snapshot) -> BTreeSet<String> {
        let knows = |id: &str| self.tasks.contains(id) || self.archive.contains(id);
        let session_taken = |t: &Task| t.session_id.as_ref().is_some_and(|s| self.tasks.owner_of(s).is_some());
        let tasks = snap.tasks.iter().filter(|t| knows(&t.id) || session_taken(t)).map(|t| t.id.clone());
        let archived = snap.archive.iter().filter(|a| knows(&a.id)).map(|a| a.id.clone());
        let skip: BTreeSet<String> = tasks.chain(archived).collect();
        for id in &skip {
            self.out.log(LogLevel::Warn, format!("{id} is known here already: not adopted"));
        }
        skip
    }

    /// Merges the snapshot's state, part by part, leaving out what `skip` names; each task is
    /// normalised, since the calls it waited on died with the instance that saved it.
    fn load(&mut self, snap: Snapshot, skip: &BTreeSet<String>, now: Timestamp) -> Adopted {
        self.calls.adopt_epoch(snap.call_epoch);
        self.lineage.merge(snap.lineage);
        self.ledger.merge(snap.ledger);
        // Saved while rate limits held its keys back; an instance with `adaptiveConcurrency`
        // off starts at the configured limits.
        if self.config.adaptive_concurrency {
            self.throttle.merge(snap.throttle);
        }
        // The calls of the previous instance died with it (their replies are recognised as unknown).
        let keep = |key: &TimerKey| *key != TimerKey::CallDeadline && key.task().is_none_or(|id| !skip.contains(id));
        self.timers.adopt(snap.timers, keep);
        let mut adopted =
            Adopted { parents: snap.parents.iter().map(|(p, _)| p.clone()).collect(), ..Adopted::default() };
        for parent in self.notifier.adopt(snap.parents, snap.next_notice, |id| skip.contains(id)) {
            // Its notice is still in the outbox: look again after a grace period.
            self.timers.set(TimerKey::Deliver(parent), now.saturating_add(IN_FLIGHT_GRACE_MS));
        }
        for mut task in snap.tasks.into_iter().filter(|t| !skip.contains(&t.id)) {
            self.ensure_deadlines(&task, now);
            if normalise(&mut task, now) == Restart::Queue {
                adopted.requeue.push(task.id.clone());
            }
            adopted.tasks.insert(task.id.clone());
            self.notifier.relist(&task.parent.session_id, &task.id, task.status);
            self.tasks.insert(task);
        }
        adopted.archived = self.load_archive(snap.archive, skip);
        adopted
    }

    /// The archived tasks join ours as the newest; the oldest leave beyond `archiveSize`, as on
    /// any expiry. Returns how many were taken in.
    fn load_archive(&mut self, entries: Vec<Archived>, skip: &BTreeSet<String>) -> usize {
        let entries: Vec<Archived> = entries.into_iter().filter(|a| !skip.contains(&a.id)).collect();
        let count = entries.len();
        for old in self.archive.adopt(entries, self.config.archive_size as usize) {
            self.notifier.forget_task(&old.parent_session_id, &old.id);
        }
        count
    }

    /// Slots are recomputed from the tasks: an adopted child that runs with a slot keeps running
    /// and takes one of its key; when the key is full (this manager runs tasks of its own under
    /// it, or the limit shrank) it runs on without one, as a tracked session does, so that the
    /// limit still holds for whatever starts next.
    fn take_slots(&mut self, adopted: &BTreeSet<String>) {
        let running =
            |id: &&String| self.tasks.get(id).is_some_and(|t| t.status == TaskStatus::Running && t.holds_slot);
        let running: Vec<String> = adopted.iter().filter(running).cloned().collect();
        for id in running {
            let Some(key) = self.tasks.get(&id).map(|t| t.concurrency_key.clone()) else { continue };
            let limit = self.limit_for(&key);
            let Some(task) = self.tasks.get_mut(&id) else { continue };
            if !self.slots.try_acquire(&task.concurrency_key, limit) {
                task.holds_slot = false;
                let key = &task.concurrency_key;
                self.out.log(LogLevel::Info, format!("{id} runs on without a slot: `{key}` is full (limit {limit})"));
            }
        }
    }

    /// The adopted waiters queue after this manager's: tasks whose run was lost first, then the
    /// saved waiters, then any pending task the saved queues missed (oldest first).
    fn rebuild_queues(&mut self, adopted: &Adopted, saved: &Slots) {
        let mut order: Vec<(String, String)> = adopted
            .requeue
            .iter()
            .filter_map(|id| self.tasks.get(id).map(|t| (t.concurrency_key.clone(), id.clone())))
            .collect();
        for (key, id) in saved.waiters() {
            if adopted.tasks.contains(&id)
                && self.tasks.get(&id).is_some_and(|t| t.status == TaskStatus::Pending)
                && !order.iter().any(|(_, o)| *o == id)
            {
                order.push((key, id));
            }
        }
        let mut rest: Vec<&Task> =
            adopted.tasks.iter().filter_map(|id| self.tasks.get(id)).filter(|t| t.is_queued()).collect();
        rest.sort_by(|a, b| (a.queued_at, &a.id).cmp(&(b.queued_at, &b.id)));
        for t in rest {
            if !order.iter().any(|(_, id)| *id == t.id) {
                order.push((t.concurrency_key.clone(), t.id.clone()));
            }
        }
        for (key, id) in &order {
            self.slots.enqueue(key, id);
        }
    }

    /// Starts whatever fits now, in queue order.
    fn start_what_fits(&mut self, now: Timestamp) {
        let keys: Vec<String> = self.slots.usage().map(|(k, _, _)| k.to_string()).collect();
        for key in keys {
            self.start_what_fits_under(&key, now);
        }
    }

    /// Adopted launches that were waiting for admission try again: admitted (or refused) now by
    /// a live manager that knows everything one needs, else they ask for what they miss (the
    /// agent list is never saved: a fresh manager reads it again in any case).
    fn ask_admission_again(&mut self, adopted: &BTreeSet<String>, now: Timestamp) {
        // In id order (a sorted set): the lookups start in the same order every time.
        let resolving: Vec<String> =
            adopted.iter().filter(|id| self.tasks.get(id).is_some_and(Task::awaits_admission)).cloned().collect();
        for id in resolving {
            self.try_admit(&id, now);
        }
    }

    /// Watches every adopted running child and every adopted parent, closes the coalescing
    /// windows the previous instance left open, resumes deliveries, and re-checks every child now.
    fn watch_and_recheck(&mut self, adopted: &Adopted, now: Timestamp) {
        let running: Vec<String> = self
            .tasks
            .running()
            .filter(|id| adopted.tasks.contains(*id))
            .filter_map(|id| self.tasks.get(id)?.session_id.clone())
            .collect();
        for session in running {
            self.set_interest(&session, Interest::CHILD);
        }
        let parents: Vec<String> =
            self.notifier.parent_ids().into_iter().filter(|p| adopted.parents.contains(p)).collect();
        for parent in &parents {
            if self.notifier.has_fresh(parent) {
                self.timers.set(TimerKey::Coalesce(parent.clone()), now);
            }
        }
        for parent in parents {
            self.refresh_parent_interest(&parent);
            self.pump(&parent);
            // A new instance shows each adopted parent's tasks as they now stand.
            self.show(&parent, crate::panel::Change::Status, now);
        }
        if self.tasks.running().any(|id| adopted.tasks.contains(id)) {
            self.timers.set(TimerKey::Poll, now);
        }
    }

    /// The deadlines a restored task must have. Snapshots keep them, but a shutdown used to drop
    /// them from its final snapshot: a queued task would then never time out, and an announced
    /// one never leave the live table. (Parents are restored first: what they still owe is known.)
    fn ensure_deadlines(&mut self, task: &Task, now: Timestamp) {
        let id = &task.id;
        if task.is_queued() {
            let ttl = TimerKey::QueueTtl(id.clone());
            if !self.timers.is_set(&ttl) {
                self.timers.set(ttl, now.saturating_add(self.config.queue_ttl_ms));
            }
        }
        if task.status.is_terminal() {
            let owed = self.notifier.owes(&task.parent.session_id, id);
            let retention = TimerKey::Retention(id.clone());
            if !owed && !self.timers.is_set(&retention) {
                self.timers.set(retention, now.saturating_add(self.config.retention_ms));
            }
        }
    }
}
