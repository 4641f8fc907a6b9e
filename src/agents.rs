//! OpenCode's agents (`app.agents`), a sub-machine that owns its state: which agents a
//! background task may run, and the restrictions of the agent that launches one. A child never
//! gets more rights than its caller, so the calling agent's deny rules go into the child
//! session's rules; and only agents meant to be sub-agents (mode `subagent` or `all`, not
//! hidden) may be launched, unless config `launchableAgents` names them.
//!
//! It makes no calls: [`Agents::ask`] says when the list should be read, [`Agents::park`] keeps
//! a launch waiting for it, [`Agents::on_list`] takes the answer and hands back the launches that
//! waited. The list
//! is read once per instance (OpenCode's agents change only with its config, which reloads the
//! plugin). A failed read is forgotten, so the next launch asks again, and the launches that
//! waited for it are refused: without the caller's rules the launch fails closed.

use crate::FastMap;
use crate::api::*;
use crate::idlist::IdList;
use serde::Deserialize;

/// A ruleset longer than this is not copied into a child (refused instead): session rules are
/// written with every child session and saved with every task.
pub(crate) const MAX_RULES: usize = 512;

/// What a launch may do, as far as the agents are concerned.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Clearance {
    /// The list has not been read yet: the launch waits for it.
    Unknown,
    /// The launch may go on; the calling agent's deny rules, for the child's session.
    Granted(Vec<PermissionRule>),
    /// It may not; the text says why and what to do.
    Refused(String),
}

/// What reading the list came to.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Listed {
    /// The launches that waited for the list, in order.
    pub waiting: Vec<String>,
    /// Why the list could not be read (the waiting launches are refused), if it could not.
    pub failure: Option<String>,
}

#[derive(Debug, Default)]
pub(crate) struct Agents {
    listing: Listing,
    /// Launches waiting for the list, in launch order.
    waiting: IdList,
}

#[derive(Debug, Default)]
enum Listing {
    #[default]
    Unread,
    Asking,
    Known(FastMap<String, Agent>),
}

#[derive(Debug)]
struct Agent {
    mode: Mode,
    hidden: bool,
    /// Its deny rules, or why they could not be read.
    denies: Result<Vec<PermissionRule>, String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Primary,
    Subagent,
    All,
}

/// One agent as `app.agents` gives it; fields read defensively (a bad entry is one agent's
/// problem, not the list's).
#[derive(Deserialize)]
struct Wire {
    name: String,
    #[serde(default)]
    mode: Option<String>,
    #[serde(default)]
    hidden: Option<bool>,
    #[serde(default)]
    permission: Option<serde_json::Value>,
}

impl Agents {
    /// The list is wanted now (a manager starts): true if it should be read.
    pub(crate) fn ask(&mut self) -> bool {
        if matches!(self.listing, Listing::Unread) {
            self.listing = Listing::Asking;
            return true;
        }
        false
    }

    /// Parks launch `task` until the list is read (once, however often it is parked).
    pub(crate) fn park(&mut self, task: &str) {
        self.waiting.push(task);
    }

    /// Whether the list is known.
    pub(crate) fn known(&self) -> bool {
        matches!(self.listing, Listing::Known(_))
    }

    /// May `caller` launch `agent`? `launchable` is config `launchableAgents`.
    pub(crate) fn clearance(&self, agent: &str, caller: Option<&str>, launchable: &[String]) -> Clearance {
        let Listing::Known(agents) = &self.listing else { return Clearance::Unknown };
        if !launchable.iter().any(|a| a == agent) {
            match agents.get(agent) {
                None => return Clearance::Refused(format!("There is no agent {agent:?}. {}", offer(agents))),
                Some(a) if a.hidden || a.mode == Mode::Primary => {
                    let kind = if a.hidden { "a hidden agent" } else { "a primary agent" };
                    return Clearance::Refused(format!(
                        "Agent {agent:?} is {kind}: background tasks run sub-agents. {} (Config `launchableAgents` can allow it.)",
                        offer(agents)
                    ));
                }
                Some(_) => {}
            }
        }
        let Some(caller) = caller else { return Clearance::Granted(Vec::new()) };
        match agents.get(caller).map(|a| &a.denies) {
            Some(Ok(denies)) => Clearance::Granted(denies.clone()),
            Some(Err(why)) => Clearance::Refused(format!(
                "The rules of the calling agent {caller:?} cannot be read ({why}), so the child's rights cannot be kept within them."
            )),
            None => Clearance::Refused(format!(
                "The calling agent {caller:?} is not in OpenCode's agent list, so its restrictions cannot be copied to the child."
            )),
        }
    }

    /// The answer to `app.agents`: the list is known (or forgotten, if unreadable) and the
    /// launches that waited for it go on.
    pub(crate) fn on_list(&mut self, reply: Result<String, SdkError>) -> Listed {
        let parsed = reply.map_err(|e| e.message).and_then(|json| parse(&json));
        let failure = match parsed {
            Ok(agents) => {
                self.listing = Listing::Known(agents);
                None
            }
            Err(why) => {
                self.listing = Listing::Unread;
                Some(format!(
                    "Refused: OpenCode's agent list could not be read ({why}), so the child's rights cannot be checked. Try again."
                ))
            }
        };
        Listed { waiting: self.waiting.take(), failure }
    }
}

/// The agents a launch may name, for an error text (sorted, at most 20 named).
fn offer(agents: &FastMap<String, Agent>) -> String {
    let mut names: Vec<&str> =
        agents.iter().filter(|(_, a)| !a.hidden && a.mode != Mode::Primary).map(|(n, _)| n.as_str()).collect();
    names.sort_unstable();
    if names.is_empty() {
        return "OpenCode offers no sub-agents.".into();
    }
    let more = names.len().saturating_sub(20);
    let mut text = format!("Sub-agents: {}", names.iter().take(20).copied().collect::<Vec<_>>().join(", "));
    if more > 0 {
        text.push_str(&format!(" and {more} more"));
    }
    text.push('.');
    text
}

fn parse(json: &str) -> Result<FastMap<String, Agent>, String> {
    let list: Vec<serde_json::Value> = serde_json::from_str(json).map_err(|e| format!("not a list of agents: {e}"))?;
    let mut agents = FastMap::default();
    for value in list {
        let Ok(wire) = serde_json::from_value::<Wire>(value) else { continue };
        let mode = match wire.mode.as_deref() {
            Some("subagent") => Mode::Subagent,
            Some("all") => Mode::All,
            _ => Mode::Primary,
        };
        let denies = deny_rules(wire.permission);
        agents.insert(wire.name, Agent { mode, hidden: wire.hidden.unwrap_or(false), denies });
    }
    Ok(agents)
}

/// The deny rules of a ruleset (absent: none).
fn deny_rules(permission: Option<serde_json::Value>) -> Result<Vec<PermissionRule>, String> {
    let rules = read_rules(permission)?;
    Ok(rules.into_iter().filter(|r| r.action == PermissionAction::Deny).collect())
}

/// A ruleset in OpenCode's wire shape (absent or null: empty); anything else is unreadable,
/// and so is a ruleset too long to copy.
pub(crate) fn read_rules(permission: Option<serde_json::Value>) -> Result<Vec<PermissionRule>, String> {
    let rules: Vec<PermissionRule> = match permission {
        None | Some(serde_json::Value::Null) => Vec::new(),
        Some(v) => serde_json::from_value(v).map_err(|e| format!("unreadable permission rules: {e}"))?,
    };
    if rules.len() > MAX_RULES {
        return Err(format!("{} permission rules, more than the {MAX_RULES} a child can be given", rules.len()));
    }
    Ok(rules)
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIST: &str = r#"[
        {"name": "build", "mode": "primary", "permission": [
            {"permission": "*", "pattern": "*", "action": "allow"},
            {"permission": "question", "pattern": "*", "action": "deny"}]},
        {"name": "plan", "mode": "primary", "permission": [
            {"permission": "edit", "pattern": "*", "action": "deny"},
            {"permission": "edit", "pattern": ".opencode/plans/*.md", "action": "allow"}]},
        {"name": "general", "mode": "subagent", "description": "ignored", "prompt": "ignored"},
        {"name": "oracle", "mode": "all", "permission": null},
        {"name": "title", "mode": "primary", "hidden": true},
        {"name": "broken", "mode": "subagent", "permission": [{"permission": "x"}]},
        {"mode": "subagent"}
    ]"#;

    fn known() -> Agents {
        let mut a = Agents::default();
        a.park("t1");
        assert!(a.ask());
        a.park("t2");
        a.park("t1");
        assert!(!a.ask(), "one read for every launch that waits");
        assert!(!a.known() && matches!(a.listing, Listing::Asking));
        let listed = a.on_list(Ok(LIST.into()));
        assert_eq!(listed, Listed { waiting: vec!["t1".into(), "t2".into()], failure: None });
        a
    }

    fn deny(permission: &str, pattern: &str) -> PermissionRule {
        PermissionRule { permission: permission.into(), pattern: pattern.into(), action: PermissionAction::Deny }
    }

    #[test]
    fn sub_agents_may_be_launched_with_the_callers_deny_rules() {
        let a = known();
        assert_eq!(a.clearance("general", Some("plan"), &[]), Clearance::Granted(vec![deny("edit", "*")]));
        assert_eq!(a.clearance("oracle", Some("build"), &[]), Clearance::Granted(vec![deny("question", "*")]));
        assert_eq!(a.clearance("general", None, &[]), Clearance::Granted(vec![]));
    }

    #[test]
    fn primary_hidden_and_unknown_agents_are_refused_unless_configured() {
        let a = known();
        let Clearance::Refused(why) = a.clearance("build", Some("build"), &[]) else { panic!("primary") };
        assert!(why.contains("primary agent") && why.contains("Sub-agents: broken, general, oracle."), "{why}");
        assert!(why.contains("launchableAgents"), "{why}");
        assert!(matches!(a.clearance("title", None, &[]), Clearance::Refused(w) if w.contains("hidden")));
        assert!(matches!(a.clearance("ghost", None, &[]), Clearance::Refused(w) if w.contains("no agent \"ghost\"")));
        let allowed = ["build".to_string()];
        assert_eq!(a.clearance("build", Some("plan"), &allowed), Clearance::Granted(vec![deny("edit", "*")]));
    }

    #[test]
    fn a_caller_whose_rules_cannot_be_read_fails_closed() {
        let a = known();
        assert!(
            matches!(a.clearance("general", Some("broken"), &[]), Clearance::Refused(w) if w.contains("cannot be read"))
        );
        assert!(
            matches!(a.clearance("general", Some("stranger"), &[]), Clearance::Refused(w) if w.contains("not in OpenCode's agent list"))
        );
        assert_eq!(Agents::default().clearance("general", None, &[]), Clearance::Unknown);
    }

    #[test]
    fn a_failed_read_refuses_the_waiting_launches_and_is_asked_again() {
        let mut a = Agents::default();
        a.park("t1");
        assert!(a.ask());
        let err = SdkError { status: Some(500), name: "APIError".into(), message: "boom".into() };
        let listed = a.on_list(Err(err));
        assert_eq!(listed.waiting, vec!["t1".to_string()]);
        assert!(listed.failure.is_some_and(|f| f.contains("boom")));
        a.park("t2");
        assert!(a.ask(), "the next launch asks again");
        assert!(a.on_list(Ok("{}".into())).failure.is_some_and(|f| f.contains("not a list")));
    }

    #[test]
    fn rulesets_too_long_to_copy_are_unreadable() {
        let many: Vec<serde_json::Value> = (0..=MAX_RULES)
            .map(|i| serde_json::json!({"permission": "bash", "pattern": format!("cmd{i}"), "action": "deny"}))
            .collect();
        assert!(read_rules(Some(serde_json::Value::Array(many))).is_err());
    }
}
