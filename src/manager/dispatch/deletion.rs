//! A deleted session. A child's deletion ends its task; a parent's deletion takes its whole tree
//! of tasks with it, and its pending notices.

use crate::api::*;
use crate::manager::Manager;
use crate::task::Origin;

impl Manager {
    pub(crate) fn on_session_deleted(&mut self, session: &str, now: Timestamp) {
        if let Some(id) = self.tasks.running_of(session).or_else(|| {
            self.tasks.of_session(session).filter(|t| t.status == TaskStatus::Pending).map(|t| t.id.clone())
        }) {
            // OpenCode keeps a deleted session's run going until it is aborted.
            let options = CancelOptions { abort_session: true, notify_parent: true };
            let _ = self.cancel_task(&id, options, "The child session was deleted", now);
        }
        // A deleted parent takes its whole subtree of tasks with it, and its pending notices.
        // The subtree is followed through the child sessions this manager created (those are
        // OpenCode descendants); a tracked session was started elsewhere and may live on, so
        // its task is cancelled but its session neither aborted nor followed.
        let mut stack = vec![session.to_string()];
        let mut guard = 0usize;
        while let Some(parent) = stack.pop() {
            guard += 1;
            if guard > 10_000 {
                break;
            }
            let Some(state) = self.drop_parent(&parent, now) else {
                continue;
            };
            let mut seen = std::collections::BTreeSet::new();
            for id in state.unfinished().iter().chain(state.tasks().iter()) {
                let Some(task) = self.tasks.get(id).filter(|t| t.parent.session_id == parent) else { continue };
                if !seen.insert(id.clone()) {
                    continue;
                }
                let launched = task.origin == Origin::Launched;
                if launched && let Some(child) = task.session_id.clone() {
                    stack.push(child);
                }
                let options = CancelOptions { abort_session: launched, notify_parent: false };
                let _ = self.cancel_task(id, options, "The parent session was deleted", now);
            }
        }
    }
}
