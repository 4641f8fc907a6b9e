//! What a running child's events say, as `Task` methods: signs of life (which also end a wait
//! that an earlier silence started), progress (tool calls are counted in `health.rs`; tokens and
//! cost, its latest words here), todos. Completion itself is decided in `completion.rs`. The
//! manager (`dispatch/child.rs`) routes the events here and acts on what comes back.

use crate::api::*;
use crate::events::TodoInfo;
use crate::format;
use crate::task::{Phase, Task, Todo, Usage};
use std::collections::BTreeMap;

/// Length of the "last message" excerpt kept in progress.
const EXCERPT: usize = 200;
/// The key under which a finished run's usage is kept as one total (no message has this id).
const EARLIER_RUNS: &str = "(earlier runs)";

/// What a sign of life ended, for the manager to clear or log.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Woken {
    /// It was waiting to be asked for its answer: that deadline goes.
    pub from_unanswered: bool,
    /// It was blocked on a permission or a question: the block is over.
    pub from_block: bool,
}

/// What a sign of life says of a child that waits for an answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Sign {
    /// New work (a streamed word, a new part, a tool call that ended, a provider retry): a
    /// child that was waiting has been answered, even if that event was lost.
    Progress,
    /// What a waiting child shows too: its status stays busy, its message and the very tool call
    /// that asked are updated. A block stays.
    Alive,
}

impl Task {
    /// Activity of its child (without touching its block): any verdict being read is void.
    pub(crate) fn note_activity(&mut self, now: Timestamp) {
        self.progress.last_activity_at = Some(now);
        self.activity_epoch = self.activity_epoch.wrapping_add(1);
        self.restored = false;
    }

    /// Any sign of life: activity, and the end of what an earlier silence started (waiting to
    /// ask for an answer; with [`Sign::Progress`], a block whose reply was lost).
    pub(crate) fn touch(&mut self, now: Timestamp, sign: Sign) -> Woken {
        self.note_activity(now);
        let from_unanswered = self.phase() == Phase::Unanswered;
        if from_unanswered {
            self.work();
        }
        let from_block = match sign {
            Sign::Progress => self.blocked.take().is_some(),
            Sign::Alive => false,
        };
        Woken { from_unanswered, from_block }
    }

    /// The child works again: a deferred check or a todo hold no longer applies. True when one
    /// did (its deadline goes).
    pub(crate) fn on_busy(&mut self) -> bool {
        if !matches!(self.phase(), Phase::Deferred | Phase::HeldByTodos) {
            return false;
        }
        self.work();
        true
    }

    /// An assistant message's running totals: the latest per message, summed.
    pub(crate) fn record_usage(&mut self, info: &Message) {
        let Some(reported) = info.usage else { return };
        let usage = Usage {
            input: reported.tokens_in,
            output: reported.tokens_out,
            reasoning: reported.tokens_reasoning,
            cache_read: reported.tokens_cache_read,
            // A cost crosses as any float: NaN or an infinity would poison the total for good.
            cost: if reported.cost.is_finite() && reported.cost > 0.0 { reported.cost } else { 0.0 },
        };
        // The totals move by what this message changed, with no pass over the other messages (a
        // long run has many, and each of their updates comes here).
        let before = self.usage.insert(info.id.clone(), usage).unwrap_or_default();
        let p = &mut self.progress;
        p.tokens_in = p.tokens_in.saturating_sub(before.input).saturating_add(usage.input);
        p.tokens_out = p.tokens_out.saturating_sub(before.output).saturating_add(usage.output);
        p.tokens_reasoning = p.tokens_reasoning.saturating_sub(before.reasoning).saturating_add(usage.reasoning);
        p.tokens_cache_read = p.tokens_cache_read.saturating_sub(before.cache_read).saturating_add(usage.cache_read);
        p.cost = (p.cost - before.cost + usage.cost).max(0.0);
    }

    /// The run ended: what the counters were counted from goes (the tool-part ids, usage per
    /// message), the counters stay. The usage so far becomes one entry, so a resumed run adds to
    /// it. Keeps a finished task small in every snapshot.
    pub(crate) fn keep_totals_only(&mut self) {
        self.counted_tool_parts.clear();
        self.last_tool_signature = None;
        self.repeated_tool_calls = 0;
        if self.usage.len() > 1 {
            let p = &self.progress;
            let total = Usage {
                input: p.tokens_in,
                output: p.tokens_out,
                reasoning: p.tokens_reasoning,
                cache_read: p.tokens_cache_read,
                cost: p.cost,
            };
            self.usage = BTreeMap::from([(EARLIER_RUNS.to_string(), total)]);
        }
    }

    /// A text part of the child's message: its latest words (the model's own, not OpenCode's)
    /// are kept as an excerpt.
    pub(crate) fn record_text(&mut self, text: &str, synthetic: bool) {
        if !synthetic && !text.trim().is_empty() {
            self.progress.last_message = Some(format::tail(text, EXCERPT));
        }
    }

    /// Its todo list changed. Returns the result it completes with when it was held back only
    /// by open todos and the last one closed.
    pub(crate) fn set_todos(&mut self, list: Vec<TodoInfo>) -> Option<String> {
        self.todos = list.into_iter().map(|t| Todo { content: t.content, status: t.status }).collect();
        (self.phase() == Phase::HeldByTodos && self.open_todos() == 0).then(|| self.result.clone().unwrap_or_default())
    }
}
