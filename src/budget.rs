//! Budgets: what one run of a task may spend (tokens, cost, minutes), as `Task` methods that
//! return a decision. A run nearing its budget (80 % of any limit) has its parent told once,
//! quietly; a run that reaches it is stopped. Tokens and cost count from the run's start (a
//! resumed run gets a fresh budget of the same size); minutes from when it started running.

use crate::api::*;
use crate::format;
use crate::task::Task;
use serde::{Deserialize, Serialize};

/// The share of a limit at which the parent is warned.
const WARN_AT: f64 = 0.8;

/// A task's totals at some moment: where a run's spending counts from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Spent {
    pub tokens: u64,
    pub cost: f64,
}

/// What a run's spending means now.
#[derive(Debug, PartialEq)]
pub(crate) enum Spending {
    Fine,
    /// Near a limit: the quiet notice for its parent (once a run).
    Warn(String),
    /// A limit is reached: the reason the task is stopped with.
    Stop(String),
}

/// One limit: how much of it is used, in words.
struct Use {
    share: f64,
    words: String,
    argument: &'static str,
}

/// `12,345`.
pub(crate) fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl Task {
    /// What this run has used: tokens and cost since its start, its running time.
    pub(crate) fn run_spent(&self, now: Timestamp) -> (u64, f64, u64) {
        let tokens = self.progress.tokens_in.saturating_add(self.progress.tokens_out);
        let cost = (self.progress.cost - self.budget_base.cost).max(0.0);
        let ms = now.saturating_sub(self.started_at.unwrap_or(now));
        (tokens.saturating_sub(self.budget_base.tokens), cost, ms)
    }

    /// A new run (a resume) spends from the totals so far, with no warning yet.
    pub(crate) fn start_budget_run(&mut self) {
        let tokens = self.progress.tokens_in.saturating_add(self.progress.tokens_out);
        self.budget_base = Spent { tokens, cost: self.progress.cost };
        self.budget_warned = false;
    }

    fn budget_uses(&self, now: Timestamp) -> Vec<Use> {
        let (tokens, cost, ms) = self.run_spent(now);
        let b = &self.budget;
        let mut uses = Vec::new();
        if let Some(max) = b.tokens.filter(|m| *m > 0) {
            let words = format!("{} of {} tokens", grouped(tokens), grouped(max));
            uses.push(Use { share: tokens as f64 / max as f64, words, argument: "max_tokens" });
        }
        if let Some(max) = b.cost_usd.filter(|m| *m > 0.0) {
            let words = format!("${cost:.4} of ${max:.2}");
            uses.push(Use { share: cost / max, words, argument: "max_cost_usd" });
        }
        if let Some(max) = b.minutes.filter(|m| *m > 0) {
            let limit = u64::from(max) * 60_000;
            let words = format!("{} of {max} minute(s)", format::duration(ms));
            uses.push(Use { share: ms as f64 / limit as f64, words, argument: "max_minutes" });
        }
        uses
    }

    /// Where this run stands against its budget: stop it at a limit, warn its parent once near one.
    pub(crate) fn check_budget(&mut self, now: Timestamp) -> Spending {
        if self.status != TaskStatus::Running || self.budget.is_unlimited() {
            return Spending::Fine;
        }
        let uses = self.budget_uses(now);
        let Some(most) = uses.iter().max_by(|a, b| a.share.total_cmp(&b.share)) else { return Spending::Fine };
        if most.share >= 1.0 {
            return Spending::Stop(format!(
                "Budget exceeded: this run used {} (`{}`). The task was stopped; its session is kept: \
                 background_resume continues it with a fresh budget of the same size.",
                most.words, most.argument
            ));
        }
        if most.share < WARN_AT || self.budget_warned {
            return Spending::Fine;
        }
        self.budget_warned = true;
        let id = &self.id;
        Spending::Warn(format!(
            "[BACKGROUND TASK BUDGET]\nTask: {id} {}\nIt has used {} ({}% of `{}`) and will be stopped when it reaches \
             the limit. Cancel it with background_cancel(task_id=\"{id}\") if its result is no longer worth it.",
            format::quoted(&self.description, 300),
            most.words,
            (most.share * 100.0).floor(),
            most.argument
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        let cases = [(0, "0"), (999, "999"), (1_000, "1,000"), (52_310, "52,310"), (1_234_567, "1,234,567")];
        for (n, text) in cases {
            assert_eq!(grouped(n), text);
        }
    }
}
