//! Budgets: what one run of a task may spend (tokens, cost, minutes), as `Task` methods that
//! return a decision. A run nearing its budget (80 % of any limit) has its parent told once,
//! quietly; a run that reaches it is stopped. Tokens and cost count from the run's start (a
//! resumed run gets a fresh budget of the same size); minutes from when it started running.

use crate::api::*;
use crate::format;
use crate::task::Task;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

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

/// How much of each token and cost limit of `budget` the spending `spent` uses.
fn spend_uses(spent: Spent, budget: &Budget) -> Vec<Use> {
    let mut uses = Vec::new();
    if let Some(max) = budget.tokens.filter(|m| *m > 0) {
        let words = format!("{} of {} tokens", grouped(spent.tokens), grouped(max));
        uses.push(Use { share: spent.tokens as f64 / max as f64, words, argument: "max_tokens" });
    }
    if let Some(max) = budget.cost_usd.filter(|m| *m > 0.0) {
        let words = format!("${:.4} of ${max:.2}", spent.cost);
        uses.push(Use { share: spent.cost / max, words, argument: "max_cost_usd" });
    }
    uses
}

/// The most used of `uses`.
fn most_used(uses: Vec<Use>) -> Option<Use> {
    uses.into_iter().max_by(|a, b| a.share.total_cmp(&b.share))
}

impl Task {
    /// Its totals so far, over all its runs.
    pub(crate) fn spent(&self) -> Spent {
        Spent { tokens: self.progress.tokens(), cost: self.progress.cost }
    }

    /// A new run (a resume) spends from the totals so far, with no warning yet.
    pub(crate) fn start_budget_run(&mut self) {
        self.budget_base = self.spent();
        self.budget_warned = false;
    }

    /// How much of each limit this run uses: tokens and cost since its start, minutes since it
    /// started running.
    fn budget_uses(&self, now: Timestamp) -> Vec<Use> {
        let total = self.spent();
        let run = Spent {
            tokens: total.tokens.saturating_sub(self.budget_base.tokens),
            cost: (total.cost - self.budget_base.cost).max(0.0),
        };
        let mut uses = spend_uses(run, &self.budget);
        if let Some(max) = self.budget.minutes.filter(|m| *m > 0) {
            let ms = now.saturating_sub(self.started_at.unwrap_or(now));
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
        let Some(most) = most_used(self.budget_uses(now)) else { return Spending::Fine };
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

/// What the tasks of each parent session have spent in all, against config `sessionBudget`:
/// a sub-machine with its own state (saved in the snapshot), asked on each usage update and on
/// each launch.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub(crate) struct Ledger {
    /// Per parent session (ordered: a deterministic snapshot).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    spent: BTreeMap<String, Spent>,
    /// The parents told that they near their budget (once each).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    warned: BTreeSet<String>,
}

/// How much of a session budget is used: the share of its most used limit, in words.
fn session_use(spent: Spent, budget: &Budget) -> Option<(f64, String)> {
    most_used(spend_uses(spent, budget)).map(|u| (u.share, u.words))
}

impl Ledger {
    /// A task of `parent` changed its totals by `tokens` (up or down) and `cost`. Returns the
    /// quiet notice for the parent when this brought it near its budget (once).
    pub(crate) fn charge(&mut self, parent: &str, before: Spent, after: Spent, budget: &Budget) -> Option<String> {
        let entry = self.spent.entry(parent.to_string()).or_default();
        entry.tokens = entry.tokens.saturating_sub(before.tokens).saturating_add(after.tokens);
        entry.cost = (entry.cost - before.cost + after.cost).max(0.0);
        let (share, words) = session_use(*entry, budget)?;
        if share < WARN_AT || !self.warned.insert(parent.to_string()) {
            return None;
        }
        Some(format!(
            "[BACKGROUND TASK BUDGET]\nThis session's background tasks have used {words} ({}% of config `sessionBudget`). \
             Once it is spent, new background tasks are refused; running ones go on.",
            (share * 100.0).floor()
        ))
    }

    /// Why `parent` may not launch more: its tasks spent its budget.
    pub(crate) fn refusal(&self, parent: &str, budget: &Budget) -> Option<String> {
        let (share, words) = session_use(self.spent.get(parent).copied().unwrap_or_default(), budget)?;
        (share >= 1.0).then(|| {
            format!(
                "This session's background tasks have used {words}: its budget (config `sessionBudget`) is spent. \
                 Raise it to launch more."
            )
        })
    }

    /// Nothing spent, nobody warned (left out of a snapshot).
    pub(crate) fn is_unused(ledger: &&Ledger) -> bool {
        ledger.spent.is_empty() && ledger.warned.is_empty()
    }

    /// The parent session is gone: what it spent goes with it.
    pub(crate) fn forget(&mut self, parent: &str) {
        self.spent.remove(parent);
        self.warned.remove(parent);
    }

    /// Takes in another instance's ledger (its tasks join ours): the sums add up.
    pub(crate) fn merge(&mut self, other: Ledger) {
        for (parent, spent) in other.spent {
            let entry = self.spent.entry(parent).or_default();
            entry.tokens = entry.tokens.saturating_add(spent.tokens);
            entry.cost += spent.cost;
        }
        self.warned.extend(other.warned);
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

    #[test]
    fn a_session_ledger_warns_once_and_refuses_once_spent() {
        let budget = Budget { tokens: Some(10_000), ..Budget::default() };
        let mut ledger = Ledger::default();
        let at = |tokens| Spent { tokens, cost: 0.0 };
        assert_eq!(ledger.charge("p", at(0), at(5_000), &budget), None);
        let warning = ledger.charge("p", at(0), at(3_500), &budget).expect("85 %");
        assert!(warning.contains("8,500 of 10,000 tokens (85% of config `sessionBudget`)"), "{warning}");
        assert_eq!(ledger.charge("p", at(3_500), at(4_000), &budget), None, "warned once");
        assert_eq!(ledger.refusal("p", &budget), None);
        assert!(ledger.charge("q", at(0), at(99_000), &budget).is_some(), "each parent on its own");
        let _ = ledger.charge("p", at(0), at(1_000), &budget);
        let refusal = ledger.refusal("p", &budget).expect("spent");
        assert!(refusal.contains("10,000 of 10,000 tokens"), "{refusal}");
        let mut other = Ledger::default();
        let _ = other.charge("r", at(0), at(7), &budget);
        ledger.merge(other);
        ledger.forget("p");
        assert_eq!(ledger.refusal("p", &budget), None, "forgotten with its session");
        assert!(ledger.spent.contains_key("r"));
    }
}
