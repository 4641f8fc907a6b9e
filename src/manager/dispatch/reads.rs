//! Results the parent reads in a tool's reply: `background_output` and `background_wait`. A
//! finished run its own parent reads this way counts as delivered: the notice that would have
//! announced it is not sent (the notifier decides, `Notifier::read`), so each run reaches its
//! parent once, by a notice or by a tool result.

use crate::api::*;
use crate::format;
use crate::manager::Manager;
use crate::notify::Announced;

impl Manager {
    /// The `background_output` reply: one page of the result, or where the task stands. When
    /// `caller` is the task's parent and the task has ended, this read delivers the run.
    pub fn output_text(
        &mut self,
        now: Timestamp,
        caller: &str,
        id: &str,
        page: OutputPage,
    ) -> Result<ToolReply, RequestError> {
        self.input(now, |m| {
            let view = m.get(caller, id)?;
            m.read_by(caller, &view.id, now);
            Ok(ToolReply {
                title: format!("{} ({})", view.description, view.status.as_str()),
                output: format::output(&view, now, page),
                task_id: Some(view.id.clone()),
                session_id: view.session_id.clone(),
            })
        })
    }

    /// The tasks `background_wait` waits for, as task ids: those named (task or child session
    /// ids, each checked like any other tool's; duplicates once), or by default every task of
    /// `caller`'s batch that has not ended and every ended one it has not been told of yet (the
    /// oldest [`format::WAIT_MAX`]).
    pub fn wait_targets(&self, caller: &str, ids: &[String]) -> Result<Vec<String>, RequestError> {
        if ids.len() > format::WAIT_MAX {
            return Err(RequestError::Invalid(format!(
                "`task_ids` names {} tasks; wait for at most {} at once",
                ids.len(),
                format::WAIT_MAX
            )));
        }
        let mut targets: Vec<String> = Vec::new();
        let named = !ids.is_empty();
        let ids: Vec<String> = if named {
            ids.to_vec()
        } else {
            self.notifier.waitable(caller).into_iter().take(format::WAIT_MAX).collect()
        };
        for id in &ids {
            let task = self.authorized(caller, id)?.to_string();
            if !targets.contains(&task) {
                targets.push(task);
            }
        }
        Ok(targets)
    }

    /// The `background_wait` reply about `ids` (as `wait_targets` gave them), once they all
    /// ended or the wait stopped: a table of them, an excerpt of each finished one's result, how
    /// many still run. Each ended run of `caller`'s own tasks shown here is delivered.
    pub fn wait_text(&mut self, now: Timestamp, caller: &str, ids: &[String]) -> Result<ToolReply, RequestError> {
        self.input(now, |m| {
            let views = ids.iter().map(|id| m.get(caller, id)).collect::<Result<Vec<TaskView>, _>>()?;
            for view in views.iter().filter(|v| v.status.is_terminal()) {
                m.read_by(caller, &view.id, now);
            }
            let done = views.iter().filter(|v| v.status.is_terminal()).count();
            Ok(ToolReply {
                title: format!("Background tasks: {done}/{} finished", views.len()),
                output: format::wait_reply(&views, now),
                task_id: None,
                session_id: None,
            })
        })
    }

    /// `caller` read the ended run of task `id` in a tool reply: when it is the task's parent,
    /// and a notice still owed it that run, it is delivered now and no notice will carry it.
    fn read_by(&mut self, caller: &str, id: &str, now: Timestamp) {
        let Some(task) = self.tasks.get(id) else { return };
        if task.parent.session_id != caller || !task.status.is_terminal() {
            return;
        }
        let generation = task.generation;
        if !self.notifier.read(caller, id, generation) {
            return;
        }
        self.delivered(&[Announced { task: id.to_string(), generation }], now);
        self.mark_dirty();
        self.refresh_parent_interest(caller);
    }
}
