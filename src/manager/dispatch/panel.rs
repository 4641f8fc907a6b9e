//! The person's view of each parent session's tasks, from the manager's side: a change arms the
//! parent's publish deadline, the deadline builds the view and writes it into the session's
//! metadata, the reply may arm it again. When is `panel.rs`'s to decide.

use crate::api::*;
use crate::manager::{Manager, Purpose};
use crate::panel::{Change, Shown};
use crate::task::Task;
use crate::timers::TimerKey;

impl Manager {
    /// Something changed in the view of `parent`'s tasks (config `publishTasks`).
    pub(crate) fn show(&mut self, parent: &str, change: Change, now: Timestamp) {
        if self.config.publish_tasks && !self.shutting_down {
            arm(&mut self.panel, &mut self.timers, parent, change, now);
        }
    }

    /// [`Manager::show`] for the parent of task `id` (on every event of a running child: no
    /// allocation unless a new deadline is asked for).
    pub(crate) fn show_task(&mut self, id: &str, change: Change, now: Timestamp) {
        if self.config.publish_tasks
            && !self.shutting_down
            && let Some(task) = self.tasks.get(id)
        {
            arm(&mut self.panel, &mut self.timers, &task.parent.session_id, change, now);
        }
    }

    /// The deadline came: the view (its live tasks, the newest first) is written, or removed
    /// when it has none left to show.
    pub(crate) fn publish(&mut self, parent: &str, now: Timestamp) {
        // (Only `show` arms this deadline, and not with `publishTasks` off; it is never saved.)
        let tasks: Vec<&Task> = match self.notifier.parent(parent) {
            Some(p) => p.tasks().iter().filter_map(|id| self.tasks.get(id)).collect(),
            None => Vec::new(),
        };
        let view = crate::panel::view(&tasks, now);
        let shows = if view.is_some() { Shown::Tasks } else { Shown::Nothing };
        if self.panel.publishing(parent, shows, now) {
            let request = SdkRequest::PublishTasks { session_id: parent.to_string(), view };
            self.call(Purpose::Publish { parent: parent.to_string(), shows }, request);
        }
    }

    /// A publish came back. A failure is not retried (the next change publishes again).
    pub(crate) fn on_published(&mut self, parent: &str, shows: Shown, reply: Result<String, SdkError>, now: Timestamp) {
        let wrote = match reply {
            Ok(_) => Some(shows),
            Err(e) => {
                self.out.log(LogLevel::Debug, format!("publishing the tasks of {parent} failed: {}", e.message));
                None
            }
        };
        if let Some(at) = self.panel.published(parent, wrote, now) {
            self.timers.set_if_earlier(TimerKey::Publish(parent.to_string()), at);
        }
    }

    /// The parent session is gone: nothing more is published to it.
    pub(crate) fn unpublish(&mut self, parent: &str) {
        self.panel.forget(parent);
        self.timers.clear(&TimerKey::Publish(parent.to_string()));
    }
}

/// Tells the panel that `parent`'s view changed, and sets the deadline it asks for, if any.
fn arm(
    panel: &mut crate::panel::Panel,
    timers: &mut crate::timers::Timers,
    parent: &str,
    change: Change,
    now: Timestamp,
) {
    if let Some(at) = panel.changed(parent, change, now) {
        timers.set_if_earlier(TimerKey::Publish(parent.to_string()), at);
    }
}
