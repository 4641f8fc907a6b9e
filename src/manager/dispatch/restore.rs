//! A restore, from the manager's side: the state of an earlier instance taken over, one
//! function per job (the state itself with each task normalised, the queues, the slots that free
//! up, the admission lookups that were in flight, what to watch and check again). The snapshot's
//! format and the normalisation of one task are in `snapshot.rs`.

use crate::api::*;
use crate::archive::Archive;
use crate::manager::Manager;
use crate::notify::Notifier;
use crate::queue::Slots;
use crate::snapshot::{IN_FLIGHT_GRACE_MS, Restart, Snapshot, normalise};
use crate::task::{Phase, Task};
use crate::timers::{TimerKey, Timers};

impl Manager {
    /// Restores the state of an earlier instance, one job at a time: the state itself (with each
    /// task normalised, since the calls it waited on died), the queues, the slots that free up,
    /// the admission lookups that were in flight, and what to watch and check again.
    pub(crate) fn restore(&mut self, text: &str, now: Timestamp) -> Result<(), String> {
        let mut snap = Snapshot::parse(text)?;
        let saved_queues = std::mem::take(&mut snap.slots);
        let requeue = self.load(snap, now);
        self.rebuild_queues(&requeue, &saved_queues);
        self.start_what_fits(now);
        self.ask_admission_again();
        self.watch_and_recheck(now);
        self.out.log(
            LogLevel::Info,
            format!("restored {} task(s), {} running, from a snapshot", self.tasks.len(), self.tasks.running_count()),
        );
        Ok(())
    }

    /// Takes over the snapshot's state. Returns the tasks whose run was lost (aborted by the
    /// shutdown, or its session creation cut short): they go first in their queues.
    fn load(&mut self, snap: Snapshot, now: Timestamp) -> Vec<String> {
        self.calls.restore_after(snap.call_epoch);
        self.lineage = snap.lineage;
        self.timers = Timers::from_entries(snap.timers);
        // The calls of the previous instance died with it (their replies are recognised as unknown).
        self.timers.clear(&TimerKey::CallDeadline);
        self.archive = Archive::restore(snap.archive);
        let (notifier, in_flight) = Notifier::restore(snap.parents, snap.next_notice);
        self.notifier = notifier;
        for parent in in_flight {
            // Its notice is still in the outbox: look again after a grace period.
            self.timers.set(TimerKey::Deliver(parent), now.saturating_add(IN_FLIGHT_GRACE_MS));
        }
        let mut requeue = Vec::new();
        for mut task in snap.tasks {
            self.ensure_deadlines(&task, now);
            if normalise(&mut task, now) == Restart::Queue {
                requeue.push(task.id.clone());
            }
            self.tasks.insert(task);
        }
        requeue
    }

    /// Slots are recomputed from the tasks; only the queue order is taken from the snapshot:
    /// tasks whose run was lost first, then the saved waiters, then any pending task the saved
    /// queues missed (oldest first).
    fn rebuild_queues(&mut self, requeue: &[String], saved: &Slots) {
        let mut order: Vec<(String, String)> = requeue
            .iter()
            .filter_map(|id| self.tasks.get(id).map(|t| (t.concurrency_key.clone(), id.clone())))
            .collect();
        for (key, id) in saved.waiters() {
            if self.tasks.get(&id).is_some_and(|t| t.status == TaskStatus::Pending)
                && !order.iter().any(|(_, o)| *o == id)
            {
                order.push((key, id));
            }
        }
        let mut rest: Vec<&Task> =
            self.tasks.values().filter(|t| t.status == TaskStatus::Pending && t.phase() != Phase::Resolving).collect();
        rest.sort_by(|a, b| (a.queued_at, &a.id).cmp(&(b.queued_at, &b.id)));
        for t in rest {
            if !order.iter().any(|(_, id)| *id == t.id) {
                order.push((t.concurrency_key.clone(), t.id.clone()));
            }
        }
        for task in self.tasks.values().filter(|t| t.status == TaskStatus::Running && t.holds_slot) {
            // Force the slot even if the limit shrank: the child is really running.
            self.slots.try_acquire(&task.concurrency_key, 0);
        }
        for (key, id) in &order {
            self.slots.enqueue(key, id);
        }
    }

    /// Starts whatever fits now, in queue order.
    fn start_what_fits(&mut self, now: Timestamp) {
        let keys: Vec<String> = self.slots.usage().map(|(k, _, _)| k.to_string()).collect();
        for key in keys {
            let limit = self.config.limit_for(&key);
            if self.slots.try_acquire(&key, limit) {
                self.release_slot(&key, now);
            }
        }
    }

    /// Launches that were waiting for admission ask again for what they miss (the agent list
    /// is never saved: it is read again in any case).
    fn ask_admission_again(&mut self) {
        let mut resolving: Vec<(String, String)> = self
            .tasks
            .values()
            .filter(|t| t.status == TaskStatus::Pending && t.phase() == Phase::Resolving)
            .map(|t| (t.id.clone(), t.parent.session_id.clone()))
            .collect();
        resolving.sort();
        for (id, parent) in resolving {
            let lookup = self.parent_facts(&parent).is_none();
            self.await_admission(&id, lookup);
        }
    }

    /// Watches every running child and every parent with work, closes the coalescing windows the
    /// shutdown cut short, resumes deliveries, and re-checks every child now.
    fn watch_and_recheck(&mut self, now: Timestamp) {
        let running: Vec<String> =
            self.tasks.running().filter_map(|id| self.tasks.get(id)?.session_id.clone()).collect();
        for session in running {
            self.set_interest(&session, Interest::CHILD);
        }
        let parents = self.notifier.parent_ids();
        for parent in &parents {
            if self.notifier.has_fresh(parent) {
                self.timers.set(TimerKey::Coalesce(parent.clone()), now);
            }
        }
        for parent in parents {
            self.refresh_parent_interest(&parent);
            self.pump(&parent);
        }
        if self.tasks.any_running() {
            self.timers.set(TimerKey::Poll, now);
        }
    }

    /// The deadlines a restored task must have. Snapshots keep them, but a shutdown used to drop
    /// them from its final snapshot: a queued task would then never time out, and an announced
    /// one never leave the live table. (Parents are restored first: what they still owe is known.)
    fn ensure_deadlines(&mut self, task: &Task, now: Timestamp) {
        let id = &task.id;
        if task.status == TaskStatus::Pending && task.phase() != Phase::Resolving {
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
