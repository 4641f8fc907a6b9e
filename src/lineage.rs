//! Lineage limits. The depth of a launch is the length of its parent chain; sessions this
//! manager created know theirs, others are looked up with `session.get` (cached, cycle-safe).
//! If the chain cannot be resolved the launch is refused: the limits fail closed. A launch
//! reserves one descendant of its root session; the reservation is given back if the task ends
//! before its child session exists.

use crate::FastMap;
use crate::api::*;
use crate::manager::{Manager, Purpose};
use crate::task::{Ending, Phase, Reservation};
use serde::{Deserialize, Serialize};

/// Where a session sits: how many ancestors it has, and its root.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Place {
    pub depth: u32,
    pub root: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
pub(crate) struct Lineage {
    /// Sessions whose place is known (from `session.get`).
    pub places: FastMap<String, Place>,
    /// Reserved descendants per root session.
    pub descendants: FastMap<String, u32>,
    /// Launches waiting for the lineage of their parent session, by that session (not saved:
    /// the lookups in flight die with the instance, a restore starts them again).
    #[serde(skip)]
    pub waiting: FastMap<String, Vec<String>>,
}

#[derive(Deserialize)]
struct SessionInfo {
    #[serde(default, rename = "parentID")]
    parent_id: Option<String>,
}

impl Manager {
    /// The place of a session, if known without asking OpenCode.
    pub(crate) fn place_of(&self, session: &str) -> Option<Place> {
        if let Some(task) = self.by_session.get(session).and_then(|id| self.tasks.get(id)) {
            return Some(Place { depth: task.depth, root: task.root_session_id.clone() });
        }
        self.lineage.places.get(session).cloned()
    }

    /// Checks the limits for a launch under `parent` (whose place is known) and reserves a
    /// descendant. Returns the task's depth and root, or the refusal.
    pub(crate) fn admit(&mut self, parent: &Place) -> Result<(u32, String), String> {
        let depth = parent.depth.saturating_add(1);
        if depth > self.config.max_depth {
            return Err(format!(
                "Refused: background tasks may nest at most {} levels deep (config `maxDepth`); this launch would be at depth {depth}.",
                self.config.max_depth
            ));
        }
        let used = self.lineage.descendants.get(&parent.root).copied().unwrap_or(0);
        if used >= self.config.max_descendants {
            return Err(format!(
                "Refused: the session tree of {} already has {used} background tasks, the most allowed (config `maxDescendants`).",
                parent.root
            ));
        }
        self.lineage.descendants.insert(parent.root.clone(), used.saturating_add(1));
        Ok((depth, parent.root.clone()))
    }

    /// Gives a reservation back (the task ended before its child session existed).
    pub(crate) fn release_reservation(&mut self, id: &str) {
        let Some(task) = self.tasks.get_mut(id) else { return };
        if task.reservation != Reservation::Held {
            return;
        }
        task.reservation = Reservation::Released;
        if let Some(count) = self.lineage.descendants.get_mut(&task.root_session_id) {
            *count = count.saturating_sub(1);
        }
    }

    /// Parks a launch until the lineage of `parent` is known, asking OpenCode if no one is yet.
    pub(crate) fn await_lineage(&mut self, id: &str, parent: &str) {
        if let Some(task) = self.tasks.get_mut(id) {
            task.phase = Phase::Resolving;
        }
        let waiting = self.lineage.waiting.entry(parent.to_string()).or_default();
        waiting.push(id.to_string());
        if waiting.len() == 1 {
            let chain = vec![parent.to_string()];
            self.call(Purpose::Lineage { chain }, SdkRequest::GetSession(parent.to_string()));
        }
    }

    /// One step of the walk up: `chain` is [origin, its parent, …, the session just fetched].
    pub(crate) fn on_lineage_step(&mut self, mut chain: Vec<String>, reply: Result<String, SdkError>, now: Timestamp) {
        let Some(last) = chain.last().cloned() else { return };
        let info = reply.map_err(|e| e.message).and_then(|json| {
            serde_json::from_str::<SessionInfo>(&json).map_err(|e| format!("unreadable session: {e}"))
        });
        let parent = match info {
            Err(reason) => {
                return self.lineage_failed(&chain, &format!("looking up session {last} failed: {reason}"), now);
            }
            Ok(info) => info.parent_id.filter(|p| !p.is_empty()),
        };
        let top = match parent {
            None => Place { depth: 0, root: last.clone() },
            Some(p) => match self.place_of(&p) {
                Some(place) => Place { depth: place.depth.saturating_add(1), root: place.root },
                None if chain.contains(&p) => {
                    return self.lineage_failed(&chain, &format!("the parent chain loops at session {p}"), now);
                }
                None if chain.len() as u64 > u64::from(self.config.max_depth) + 1 => {
                    // Deeper than any allowed launch: no need to find the root.
                    let depth = chain.len() as u32;
                    let reason = format!(
                        "Refused: background tasks may nest at most {} levels deep (config `maxDepth`); this launch would be deeper than {depth}.",
                        self.config.max_depth
                    );
                    return self.refuse_waiting(&chain, &reason, now);
                }
                None => {
                    chain.push(p.clone());
                    self.call(Purpose::Lineage { chain }, SdkRequest::GetSession(p));
                    return;
                }
            },
        };
        // Every session of the chain now has a known place.
        let n = chain.len();
        for (i, session) in chain.iter().enumerate() {
            let depth = top.depth.saturating_add(u32::try_from(n - 1 - i).unwrap_or(u32::MAX));
            self.lineage.places.insert(session.clone(), Place { depth, root: top.root.clone() });
        }
        let origin = chain.first().cloned().unwrap_or_default();
        let ids = self.lineage.waiting.remove(&origin).unwrap_or_default();
        let place = self.place_of(&origin).unwrap_or(top);
        for id in ids {
            if !self.tasks.get(&id).is_some_and(|t| t.status == TaskStatus::Pending && t.phase == Phase::Resolving) {
                continue;
            }
            match self.admit(&place) {
                Ok((depth, root)) => {
                    if let Some(task) = self.tasks.get_mut(&id) {
                        task.depth = depth;
                        task.root_session_id = root;
                        task.reservation = Reservation::Held;
                        task.phase = Phase::NotRunning;
                    }
                    self.enqueue_or_start(&id, now);
                }
                Err(reason) => self.finish(&id, Ending::failed(reason), now),
            }
        }
    }

    fn lineage_failed(&mut self, chain: &[String], why: &str, now: Timestamp) {
        let reason = format!(
            "Refused: the session lineage could not be resolved ({why}), so `maxDepth` and `maxDescendants` cannot be enforced safely."
        );
        self.refuse_waiting(chain, &reason, now);
    }

    fn refuse_waiting(&mut self, chain: &[String], reason: &str, now: Timestamp) {
        let Some(origin) = chain.first() else { return };
        for id in self.lineage.waiting.remove(origin).unwrap_or_default() {
            if self.tasks.get(&id).is_some_and(|t| t.phase == Phase::Resolving) {
                self.finish(&id, Ending::failed(reason), now);
            }
        }
    }
}
