//! Persistence: the whole state as versioned JSON, and what a saved task needs to be consistent
//! again. In-flight SDK calls do not survive a restart, so restoring normalises every state that
//! waited on one: a session being created is queued again, a verification or delivery in flight
//! starts over, and a status poll re-checks every running child against OpenCode at once (the
//! manager's side of a restore, and of an adoption, is in `dispatch/restore.rs`).

use crate::api::*;
use crate::archive::Archived;
use crate::notify::ParentState;
use crate::queue::Slots;
use crate::task::{Phase, Task};
use crate::timers::TimerKey;
use serde::{Deserialize, Serialize, Serializer};
use serde_json::value::RawValue;
use std::cell::RefCell;

/// 2: notices name the generation of each task they announce; tasks carry their origin.
pub(crate) const SNAPSHOT_VERSION: u32 = 2;

/// How long a restored manager waits before retrying a notice whose prompt was in flight.
pub(crate) const IN_FLIGHT_GRACE_MS: u64 = 2_000;

/// Sent to a child whose run was aborted by a shutdown, when a restored manager continues it.
pub(crate) const CONTINUE_PROMPT: &str =
    "Your run was interrupted because OpenCode restarted. Continue the task where you left off and finish it.";

/// Everything a manager saves, as read back (its `version` checked first, by [`Snapshot::parse`]).
#[derive(Deserialize)]
pub(crate) struct Snapshot {
    pub tasks: Vec<Task>,
    pub parents: Vec<(String, ParentState)>,
    pub slots: Slots,
    pub archive: Vec<Archived>,
    pub timers: Vec<(TimerKey, Timestamp)>,
    pub call_epoch: u64,
    pub next_notice: u64,
    #[serde(default)]
    pub lineage: crate::lineage::Lineage,
    #[serde(default)]
    pub ledger: crate::budget::Ledger,
    /// Concurrency keys lowered after rate limits (`adaptiveConcurrency`).
    #[serde(default)]
    pub throttle: crate::throttle::Throttle,
}

/// Everything a manager saves, as written: the same fields as [`Snapshot`], each part borrowed
/// from its owner, so building a snapshot copies nothing before it is serialised.
#[derive(Serialize)]
pub(crate) struct SnapshotRef<'a> {
    pub version: u32,
    #[serde(serialize_with = "tasks_as_saved")]
    pub tasks: Vec<&'a Task>,
    pub parents: Vec<(&'a String, &'a ParentState)>,
    pub slots: &'a Slots,
    pub archive: Vec<&'a Archived>,
    pub timers: Vec<(TimerKey, Timestamp)>,
    pub call_epoch: u64,
    pub next_notice: u64,
    pub lineage: &'a crate::lineage::Lineage,
    #[serde(skip_serializing_if = "crate::budget::Ledger::is_unused")]
    pub ledger: &'a crate::budget::Ledger,
    #[serde(skip_serializing_if = "crate::throttle::Throttle::is_empty")]
    pub throttle: &'a crate::throttle::Throttle,
}

#[derive(Deserialize)]
struct VersionOnly {
    version: u32,
}

impl Snapshot {
    /// Reads a snapshot of this version; another version, or unreadable text, is refused.
    pub(crate) fn parse(text: &str) -> Result<Snapshot, String> {
        let version: VersionOnly = serde_json::from_str(text).map_err(|e| format!("snapshot is unreadable: {e}"))?;
        if version.version != SNAPSHOT_VERSION {
            return Err(format!("snapshot version {} is not supported (expected {SNAPSHOT_VERSION})", version.version));
        }
        serde_json::from_str(text).map_err(|e| format!("snapshot is unreadable: {e}"))
    }
}

impl SnapshotRef<'_> {
    /// The JSON text (tasks in launch order, parents by session id, for a deterministic file).
    pub(crate) fn into_json(mut self) -> String {
        self.tasks.sort_by(|a, b| (a.queued_at, &a.id).cmp(&(b.queued_at, &b.id)));
        self.parents.sort_by(|a, b| a.0.cmp(b.0));
        serde_json::to_string(&self).unwrap_or_else(|e| format!("{{\"version\":0,\"error\":\"{e}\"}}"))
    }
}

/// A task's JSON as the last snapshot wrote it. A snapshot is written every `persistDebounceMs`
/// while anything changes, and most tasks did not change since the last one (finished ones
/// never do): each keeps the JSON it was last written as, and only the others are serialised
/// again. Every `&mut` access to a task empties it (`Tasks::get_mut`, `Tasks::running_mut_of`:
/// the only ways to change a task in the table; `Tasks::insert` too). In test builds every
/// snapshot checks each kept JSON against the task, and the invariants report one that was
/// stale. A cache, not part of the task's value: not saved, equal to any other.
#[derive(Clone, Default)]
pub(crate) struct SavedJson(RefCell<Option<Box<RawValue>>>);

impl SavedJson {
    /// The task may change: its JSON is written again by the next snapshot.
    pub(crate) fn forget(&mut self) {
        *self.0.get_mut() = None;
    }
}

#[cfg(any(test, feature = "test-hooks"))]
thread_local! {
    /// Test builds: the first task whose kept JSON was not its own when a snapshot was written.
    static STALE: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Test builds: a task whose kept JSON was stale when a snapshot was written on this thread
/// since the last call (the invariants report it).
#[cfg(any(test, feature = "test-hooks"))]
pub(crate) fn take_stale() -> Option<String> {
    STALE.with(|s| s.borrow_mut().take())
}

impl std::fmt::Debug for SavedJson {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.borrow().is_some() { "SavedJson(kept)" } else { "SavedJson(none)" })
    }
}

impl PartialEq for SavedJson {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

/// The tasks, each as its kept JSON, serialised (and kept) first where it has none.
fn tasks_as_saved<S: Serializer>(tasks: &[&Task], s: S) -> Result<S::Ok, S::Error> {
    use serde::ser::{Error, SerializeSeq};
    let mut seq = s.serialize_seq(Some(tasks.len()))?;
    for task in tasks {
        let mut kept = task.saved.0.borrow_mut();
        // Test builds serialise every task anyway, to catch a change that kept its old JSON.
        #[cfg(any(test, feature = "test-hooks"))]
        if let Some(json) = kept.as_ref()
            && serde_json::to_string(*task).map_err(S::Error::custom)? != json.get()
        {
            STALE.with(|s| {
                s.borrow_mut().get_or_insert_with(|| task.id.clone());
            });
            *kept = None;
        }
        if kept.is_none() {
            *kept = Some(serde_json::value::to_raw_value(*task).map_err(S::Error::custom)?);
        }
        seq.serialize_element(&*kept)?;
    }
    seq.end()
}

// What a saved field may leave out: a field at its default is not written (every such field is
// `#[serde(default)]`, so it reads back the same). Most of a finished task is at its default.

pub(crate) fn is_default<T: Default + PartialEq>(v: &T) -> bool {
    *v == T::default()
}

pub(crate) fn is_true(b: &bool) -> bool {
    *b
}

/// What a restored task needs.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Restart {
    /// Its run was lost: it queues again, first in its queue.
    Queue,
    /// It stays as it was saved.
    AsSaved,
}

/// A saved task, made consistent with a restart: the calls it waited on died with the previous
/// instance.
pub(crate) fn normalise(task: &mut Task, now: Timestamp) -> Restart {
    let mut restart = Restart::AsSaved;
    if task.status == TaskStatus::Running {
        match (task.phase(), &task.session_id) {
            (Phase::Suspended | Phase::Interrupting, Some(_)) => {
                // Aborted by the shutdown (or being aborted for a message when the instance was
                // lost): continue the same session first thing, with the message if one waited.
                let prompt = task.interrupt_message.take().unwrap_or_else(|| CONTINUE_PROMPT.to_string());
                let _ = task.transition(TaskStatus::Pending, now);
                task.resume_prompt = Some(prompt);
                restart = Restart::Queue;
            }
            (Phase::CreatingSession, _) | (_, None) => {
                // Whether the session got created is unknown: start the task again.
                let _ = task.transition(TaskStatus::Pending, now);
                task.started_at = None;
                restart = Restart::Queue;
            }
            (Phase::Verifying, Some(_)) => task.work(),
            _ => {}
        }
    }
    if task.status == TaskStatus::Running && task.phase() == Phase::Working {
        // If its child turns out idle with no answer, the run died with the previous process.
        task.restored = true;
        task.verified_quiet = None;
    }
    if task.status != TaskStatus::Pending {
        task.waiting_for.clear();
    } else if !task.waiting_for.is_empty() && task.is_queued() {
        // Saved queued while it still named prerequisites: it waits for them (they are decided
        // again once everything is loaded).
        task.await_prerequisites();
    }
    if task.session_id.is_some() {
        // Written before reservations were spent when the session came to exist.
        task.spend_reservation();
    }
    restart
}
