//! What a running child's events say: signs of life (which also end a wait that an earlier
//! silence started), progress (tool calls, tokens and cost, its latest words), provider retries,
//! todos. Completion itself is decided in `completion.rs`; errors go to `fallback.rs`, waits for
//! input to `health.rs`.

use crate::api::*;
use crate::events::{MessageInfo, PartInfo, TodoInfo};
use crate::format;
use crate::manager::Manager;
use crate::task::{Ending, Phase, Todo, Usage};
use crate::timers::TimerKey;

/// Length of the "last message" excerpt kept in progress.
const EXCERPT: usize = 200;

impl Manager {
    /// A running task of this child session, if any.
    pub(crate) fn running_task_of(&self, session: &str) -> Option<String> {
        let id = self.by_session.get(session)?;
        let task = self.tasks.get(id)?;
        (task.status == TaskStatus::Running).then(|| id.clone())
    }

    /// Any sign of life: refresh activity, invalidate a verdict being fetched, and end what
    /// an earlier silence started (waiting to ask for an answer; a block whose reply was lost).
    pub(crate) fn touch(&mut self, session: &str, now: Timestamp) {
        let Some(id) = self.note_activity(session, now) else { return };
        if let Some(task) = self.tasks.get_mut(&id) {
            if task.phase() == Phase::Unanswered {
                task.work();
                self.timers.clear(&TimerKey::NoAnswer(id.clone()));
            }
            if task.blocked.take().is_some() {
                self.out.log(LogLevel::Debug, format!("{id}: active again, no longer waiting for input"));
            }
        }
    }

    /// Activity of a running child (without touching its block): returns its task.
    pub(crate) fn note_activity(&mut self, session: &str, now: Timestamp) -> Option<String> {
        let id = self.running_task_of(session)?;
        let task = self.tasks.get_mut(&id)?;
        task.progress.last_activity_at = Some(now);
        task.activity_epoch = task.activity_epoch.wrapping_add(1);
        task.restored = false;
        Some(id)
    }

    /// The child works (again): whatever was pending on its last idle no longer applies.
    pub(crate) fn on_child_busy(&mut self, id: &str, session: &str, now: Timestamp) {
        self.touch(session, now);
        let Some(task) = self.tasks.get_mut(id) else {
            return;
        };
        if matches!(task.phase(), Phase::Deferred | Phase::HeldByTodos) {
            task.work();
            self.timers.clear(&TimerKey::Recheck(id.to_string()));
            self.timers.clear(&TimerKey::TodoGrace(id.to_string()));
        }
    }

    /// OpenCode retries the provider: with a fallback left and a retryable message the task
    /// moves to the next model; otherwise OpenCode is left to retry.
    pub(crate) fn on_provider_retry(&mut self, id: &str, session: &str, attempt: u32, message: &str, now: Timestamp) {
        self.touch(session, now);
        let has_fallback = self.tasks.get(id).is_some_and(|t| !t.fallback.is_empty());
        if has_fallback && crate::fallback::is_retryable("", message, None) {
            self.fail_or_fall_back(id, "", message, None, now);
        } else {
            self.out.log(LogLevel::Info, format!("{id}: provider retry #{attempt}: {message}"));
        }
    }

    /// An assistant message of the child changed: an error ends or moves the task; otherwise
    /// its token and cost totals are kept.
    pub(crate) fn on_assistant_message(&mut self, id: &str, session: &str, info: &MessageInfo, now: Timestamp) {
        self.touch(session, now);
        if let Some(err) = info.error.as_ref().filter(|e| !e.is_abort()) {
            let status = err.data.as_ref().and_then(|d| d.status_code);
            return self.fail_or_fall_back(id, &err.name, &err.text(), status, now);
        }
        let Some(task) = self.tasks.get_mut(id) else { return };
        if info.tokens.is_none() && info.cost.is_none() {
            return;
        }
        // A message's totals grow as it streams: keep the latest per message, sum them.
        let tokens = info.tokens.as_ref();
        let usage = Usage {
            input: tokens.map_or(0, |t| t.input),
            output: tokens.map_or(0, |t| t.output),
            cost: info.cost.unwrap_or(0.0),
        };
        task.usage.insert(info.id.clone(), usage);
        task.progress.tokens_in = task.usage.values().fold(0u64, |a, u| a.saturating_add(u.input));
        task.progress.tokens_out = task.usage.values().fold(0u64, |a, u| a.saturating_add(u.output));
        task.progress.cost = task.usage.values().map(|u| u.cost).sum();
    }

    /// A part of the child's message changed: tool calls are counted (and may trip the
    /// breaker); its latest words are kept as an excerpt.
    pub(crate) fn on_part(&mut self, id: &str, session: &str, part: &PartInfo, now: Timestamp) {
        self.touch(session, now);
        if part.kind == "tool" {
            return self.on_tool_part(id, part, now);
        }
        if part.kind == "text"
            && part.synthetic != Some(true)
            && let Some(text) = part.text.as_deref().filter(|t| !t.trim().is_empty())
            && let Some(task) = self.tasks.get_mut(id)
        {
            task.progress.last_message = Some(format::tail(text, EXCERPT));
        }
    }

    /// The child's todo list changed: a task held back only by open todos completes when the
    /// last one closes.
    pub(crate) fn on_todos(&mut self, id: &str, list: Vec<TodoInfo>, now: Timestamp) {
        let Some(task) = self.tasks.get_mut(id) else {
            return;
        };
        task.todos = list.into_iter().map(|t| Todo { content: t.content, status: t.status }).collect();
        if task.phase() == Phase::HeldByTodos && task.open_todos() == 0 {
            let result = task.result.clone().unwrap_or_default();
            self.finish(id, Ending::Completed { result }, now);
        }
    }
}
