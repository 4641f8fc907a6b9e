//! What a launch must be, before the manager takes it: a request that is complete and within
//! its bounds, and the permission rules its child session gets. Pure functions of the request
//! and the config; the manager's side of a launch is in `dispatch/launch.rs`.

use crate::api::*;
use crate::config::Config;

/// Checks a launch request: every field given, the prompt within `maxPromptBytes`, the
/// description and agent name of a sane length, a model of the form provider/model.
pub(crate) fn validate(req: &LaunchRequest, config: &Config) -> Result<(), RequestError> {
    for (name, value) in [
        ("description", &req.description),
        ("prompt", &req.prompt),
        ("agent", &req.agent),
        ("parent session id", &req.parent_session_id),
    ] {
        if value.trim().is_empty() {
            return Err(RequestError::Invalid(format!("`{name}` must not be empty")));
        }
    }
    let max = config.max_prompt_bytes as usize;
    if req.prompt.len() > max {
        return Err(RequestError::Invalid(format!(
            "the prompt is {} bytes; the limit is {max} (config `maxPromptBytes`)",
            req.prompt.len()
        )));
    }
    if req.description.len() > 1024 || req.agent.len() > 256 {
        return Err(RequestError::Invalid("`description` (1 KiB) or `agent` (256 B) is too long".into()));
    }
    if let Some(m) = &req.model
        && (m.provider_id.is_empty() || m.model_id.is_empty())
    {
        return Err(RequestError::Invalid("`model` must be of the form provider/model".into()));
    }
    if let Some(problem) = req.budget.problem() {
        return Err(RequestError::Invalid(format!("budget: {problem}")));
    }
    Ok(())
}

/// A session may have at most `cap` tasks waiting (0: no cap); `waiting` is how many it has.
pub(crate) fn within_queue_cap(session: &str, waiting: usize, cap: u32) -> Result<(), RequestError> {
    if cap == 0 || waiting < cap as usize {
        return Ok(());
    }
    Err(RequestError::Limit(format!(
        "Refused: session {session} already has {waiting} background tasks waiting to start, the most allowed \
         (config `maxQueuedPerSession`). Wait for some to start or finish, or cancel some."
    )))
}

/// The permission rules of a child session, in the order OpenCode reads them (the last match
/// wins, and session rules come after the child agent's own): first what it `inherited`, what its
/// caller may not do (the calling agent's denies, then the launching session's restrictions, as
/// OpenCode applies a session's rules after its agent's), then the plugin's own: nothing that
/// would stall an unattended child, no further background tasks or OpenCode sub-agents (its
/// `task` tool: they would escape `maxDepth` and `maxDescendants`) unless the agent may
/// delegate, and the `agentDenies` of its agent and of the agent that launched it. A rule that
/// comes again later is kept once, at its last place (the same outcome, a shorter list). A task
/// that runs after others keeps `background_output` to read the rest of their results (the core
/// lets it read those and nothing else; a caller's own deny of it still comes first and holds).
pub(crate) fn session_rules(
    config: &Config,
    agent: &str,
    caller: Option<&str>,
    inherited: Vec<PermissionRule>,
    reads: Reads,
) -> Vec<PermissionRule> {
    let deny =
        |p: &str| PermissionRule { permission: p.to_string(), pattern: "*".into(), action: PermissionAction::Deny };
    let mut rules = inherited;
    rules.push(deny("question"));
    if !config.delegating_agents.iter().any(|a| a == agent) {
        for tool in [
            "task",
            "background_task",
            "background_output",
            "background_wait",
            "background_cancel",
            "background_list",
            "background_resume",
            "background_message",
            "background_reply",
        ] {
            if !(tool == "background_output" && reads == Reads::Prerequisites) {
                rules.push(deny(tool));
            }
        }
    }
    for key in std::iter::once(agent).chain(caller.filter(|c| *c != agent)) {
        if let Some(extra) = config.agent_denies.get(key) {
            rules.extend(extra.iter().map(|t| deny(t)));
        }
    }
    keep_last(rules)
}

/// What a child that may not delegate may still read with `background_output`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reads {
    Nothing,
    /// The results of the tasks it runs after.
    Prerequisites,
}

/// Drops every rule that comes again later in the list.
fn keep_last(rules: Vec<PermissionRule>) -> Vec<PermissionRule> {
    let mut seen = std::collections::BTreeSet::new();
    let mut kept: Vec<PermissionRule> = rules.into_iter().rev().filter(|r| seen.insert(r.clone())).collect();
    kept.reverse();
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rule(permission: &str, pattern: &str, action: PermissionAction) -> PermissionRule {
        PermissionRule { permission: permission.into(), pattern: pattern.into(), action }
    }

    #[test]
    fn the_callers_restrictions_come_first_and_ours_last_each_rule_once() {
        let config = Config::from_json(r#"{"agentDenies": {"plan": ["webfetch"]}}"#).expect("config");
        let caller = vec![rule("edit", "*", PermissionAction::Deny), rule("question", "*", PermissionAction::Deny)];
        let session = vec![
            rule("external_directory", "/tmp/*", PermissionAction::Allow),
            rule("edit", "*", PermissionAction::Deny),
        ];
        let rules = session_rules(&config, "general", Some("plan"), [caller, session].concat(), Reads::Nothing);
        let names: Vec<String> = rules.iter().map(|r| format!("{} {}", r.permission, r.pattern)).collect();
        assert_eq!(
            names,
            [
                "external_directory /tmp/*",
                "edit *",
                "question *",
                "task *",
                "background_task *",
                "background_output *",
                "background_wait *",
                "background_cancel *",
                "background_list *",
                "background_resume *",
                "background_message *",
                "background_reply *",
                "webfetch *"
            ]
        );
        let own_deny = vec![rule("background_output", "*", PermissionAction::Deny)];
        let dependent = session_rules(&config, "general", None, own_deny, Reads::Prerequisites);
        let outputs: Vec<usize> = (0..dependent.len())
            .filter(|&i| dependent.get(i).is_some_and(|r| r.permission == "background_output"))
            .collect();
        assert_eq!(outputs, [0], "only the caller's own deny, first: it still holds");
        let free = session_rules(&config, "general", None, Vec::new(), Reads::Prerequisites);
        assert!(free.iter().all(|r| r.permission != "background_output"), "{free:?}");
        assert!(free.iter().any(|r| r.permission == "background_wait"));
    }
}
