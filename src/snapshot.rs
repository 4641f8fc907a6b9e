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
use serde::{Deserialize, Serialize};

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
}

/// Everything a manager saves, as written: the same fields as [`Snapshot`], each part borrowed
/// from its owner, so building a snapshot copies nothing before it is serialised.
#[derive(Serialize)]
pub(crate) struct SnapshotRef<'a> {
    pub version: u32,
    pub tasks: Vec<&'a Task>,
    pub parents: Vec<(&'a String, &'a ParentState)>,
    pub slots: &'a Slots,
    pub archive: Vec<&'a Archived>,
    pub timers: Vec<(TimerKey, Timestamp)>,
    pub call_epoch: u64,
    pub next_notice: u64,
    pub lineage: &'a crate::lineage::Lineage,
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
            (Phase::Suspended, Some(_)) => {
                // Aborted by the shutdown: continue the same session first thing.
                let _ = task.transition(TaskStatus::Pending, now);
                task.resume_prompt = Some(CONTINUE_PROMPT.to_string());
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
    if task.session_id.is_some() {
        // Written before reservations were spent when the session came to exist.
        task.spend_reservation();
    }
    restart
}
