//! Configuration: defaults, JSON decoding, validation. Unknown keys and bad values are refused
//! with an error that names the key, so a typo never silently falls back to a default.

use crate::api::DurationMs;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Every setting, with its default; `js-glue/schema/config.schema.json` is its public form.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Config {
    /// Concurrent tasks per concurrency key when no table entry applies; 0 = unlimited.
    pub default_concurrency: u32,
    /// Limits by provider id.
    pub provider_concurrency: BTreeMap<String, u32>,
    /// Limits by `provider/model`.
    pub model_concurrency: BTreeMap<String, u32>,
    /// An idle earlier than this after start is re-checked later instead of trusted.
    pub min_runtime_ms: DurationMs,
    /// How long incomplete todos may hold completion back after an idle.
    pub todo_grace_ms: DurationMs,
    /// Status polling period while tasks run (safety net for lost events).
    pub poll_interval_ms: DurationMs,
    /// Terminal tasks landing within this window share one notice.
    pub coalesce_ms: DurationMs,
    /// Prompt the parent with notices; when false they only queue for injection.
    pub notify_parent: bool,
    /// A failed, cancelled or interrupted task wakes the parent even while siblings run.
    pub wake_on_failure: bool,
    /// Delivery retry backoff: the first delay, doubling up to `retry_max_ms`.
    pub retry_initial_ms: DurationMs,
    /// The longest delivery retry delay.
    pub retry_max_ms: DurationMs,
    /// Running with no activity for this long (and not busy) is cancelled as stale.
    pub stale_timeout_ms: DurationMs,
    /// Running without any activity since start for this long is cancelled.
    pub no_activity_timeout_ms: DurationMs,
    /// Pending for longer than this fails the task.
    pub queue_ttl_ms: DurationMs,
    /// Circuit breaker: total tool calls.
    pub max_tool_calls: u32,
    /// Circuit breaker: identical consecutive tool calls.
    pub max_repeated_tool_calls: u32,
    /// Terminal tasks stay fully queryable this long after their notice was delivered.
    pub retention_ms: DurationMs,
    /// How many expired tasks the archive keeps (id, description, status, result, error).
    pub archive_size: u32,
    /// How deep background tasks may nest below a root session.
    pub max_depth: u32,
    /// Tasks one root session's tree may ever start (spent once a child session exists).
    pub max_descendants: u32,
    /// Largest prompt accepted, in bytes.
    pub max_prompt_bytes: u32,
    /// Tasks one session may have waiting (queued, or waiting for its lineage) at once; a launch
    /// beyond it is refused, so one session cannot fill the queues ahead of every other (0 =
    /// unlimited).
    pub max_queued_per_session: u32,
    /// A session may only see and act on tasks launched by itself or its descendants.
    pub restrict_to_lineage: bool,
    /// Agents allowed to launch background tasks from inside a background task.
    pub delegating_agents: Vec<String>,
    /// Agents that may be launched although OpenCode does not offer them as sub-agents (a
    /// primary or hidden agent); by default only agents of mode `subagent` or `all` may.
    pub launchable_agents: Vec<String>,
    /// Extra tools denied in a child session whose agent, or whose launching agent, is the key
    /// (agent name -> tool ids).
    pub agent_denies: BTreeMap<String, Vec<String>>,
    /// Fallback chains for launches that bring none: by `provider/model` of the task's model,
    /// else by agent name; each entry is a `provider/model` (or `/model`: same provider).
    pub fallback_models: BTreeMap<String, Vec<String>>,
    /// Snapshot writes are coalesced over this window.
    pub persist_debounce_ms: DurationMs,
    /// An SDK call not answered within this long fails with a timeout (and its reply, should it
    /// come later, is ignored).
    pub call_timeout_ms: DurationMs,
    /// A child confirmed idle with no answer to its newest prompt is asked once for its final
    /// answer after this long, and fails after as long again without one.
    pub idle_no_answer_ms: DurationMs,
    /// A child waiting this long for a permission or an answer is stopped (its parent is
    /// reminded at 80%).
    pub blocked_timeout_ms: DurationMs,
    /// The least severe level sent to the host's log.
    pub log_level: crate::api::LogLevel,
    /// Permission requests of children refused without asking anyone (the first rule that
    /// matches wins). Rules can only refuse: a grant always comes from the parent or the user.
    pub auto_reply: Vec<AutoReply>,
    /// What each run of a task may spend when its launch does not say (all off by default).
    pub task_budget: crate::api::Budget,
    /// What all the tasks of one parent session may spend in all (tokens, cost): once spent, its
    /// launches are refused (all off by default).
    pub session_budget: crate::api::Budget,
    /// A key whose children hit the provider's rate limit has its effective limit halved; it
    /// comes back one slot per `recover_concurrency_after` completions (off by default).
    pub adaptive_concurrency: bool,
    /// The lowest a halved limit goes.
    pub min_concurrency: u32,
    /// Tasks that complete under a lowered key per slot given back.
    pub recover_concurrency_after: u32,
    /// Write each session's view of its tasks into its metadata (`backgroundTasks`), for the
    /// TUI's panel and any other client.
    pub publish_tasks: bool,
}

/// The most bytes of a message the plugin passes to a child as an answer (a rule's, or a
/// caller's through `background_reply`).
pub(crate) const MESSAGE_MAX: usize = 4_000;

/// One `autoReply` rule: a child's permission request it matches is refused with `message`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AutoReply {
    /// The permission (`external_directory`, `bash`, …), or `*` for any.
    pub permission: String,
    /// A glob over the request's patterns (`*` matches any run of characters): the rule applies
    /// when one of them matches. Any pattern when absent.
    #[serde(default = "any_pattern")]
    pub pattern: String,
    /// What is done: only `reject` exists.
    pub reply: AutoVerdict,
    /// What the child is told (a default when absent).
    #[serde(default)]
    pub message: Option<String>,
}

fn any_pattern() -> String {
    "*".to_string()
}

/// What an `autoReply` rule does: it can only refuse.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AutoVerdict {
    /// Refused, with the rule's message for the child.
    Reject,
}

impl AutoReply {
    /// Whether this rule answers a request for `permission` on `patterns`.
    pub(crate) fn matches(&self, permission: &str, patterns: &[String]) -> bool {
        (self.permission == "*" || self.permission == permission)
            && (self.pattern == "*" || patterns.iter().any(|p| glob(&self.pattern, p)))
    }
}

/// `*` matches any run of characters (`/` included); everything else matches itself.
fn glob(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let Some(first) = parts.next() else { return true };
    let Some(mut rest) = text.strip_prefix(first) else { return false };
    let tail: Vec<&str> = parts.collect();
    let Some((last, middle)) = tail.split_last() else { return rest.is_empty() };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = rest.get(at + part.len()..).unwrap_or(""),
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

impl Default for Config {
    fn default() -> Self {
        Config {
            default_concurrency: 5,
            provider_concurrency: BTreeMap::new(),
            model_concurrency: BTreeMap::new(),
            min_runtime_ms: 5_000,
            todo_grace_ms: 120_000,
            poll_interval_ms: 3_000,
            coalesce_ms: 100,
            notify_parent: true,
            wake_on_failure: true,
            retry_initial_ms: 1_000,
            retry_max_ms: 30_000,
            stale_timeout_ms: 45 * 60_000,
            no_activity_timeout_ms: 60 * 60_000,
            queue_ttl_ms: 30 * 60_000,
            max_tool_calls: 4_000,
            max_repeated_tool_calls: 20,
            retention_ms: 10 * 60_000,
            archive_size: 200,
            max_depth: 3,
            max_descendants: 50,
            max_prompt_bytes: 256 * 1024,
            max_queued_per_session: 20,
            restrict_to_lineage: true,
            delegating_agents: Vec::new(),
            launchable_agents: Vec::new(),
            agent_denies: BTreeMap::new(),
            fallback_models: BTreeMap::new(),
            persist_debounce_ms: 250,
            call_timeout_ms: 60_000,
            idle_no_answer_ms: 30_000,
            blocked_timeout_ms: 30 * 60_000,
            log_level: crate::api::LogLevel::Info,
            auto_reply: Vec::new(),
            task_budget: crate::api::Budget::default(),
            session_budget: crate::api::Budget::default(),
            adaptive_concurrency: false,
            min_concurrency: 1,
            recover_concurrency_after: 5,
            publish_tasks: true,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
/// A refused config or snapshot; the text names the key.
pub struct ConfigError(pub String);

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

/// Why a manager could not be created.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CreateError {
    /// The config was refused (the text names the key).
    Config(ConfigError),
    /// The snapshot was unreadable, of another version, or inconsistent.
    Snapshot(String),
}

impl std::fmt::Display for CreateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CreateError::Config(e) => e.fmt(f),
            CreateError::Snapshot(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for CreateError {}

fn field<T: for<'de> Deserialize<'de>>(key: &str, value: Value) -> Result<T, ConfigError> {
    serde_json::from_value(value).map_err(|e| ConfigError(format!("config key `{key}`: {e}")))
}

impl Config {
    /// Parses JSON config over the defaults. Empty text means all defaults.
    pub fn from_json(text: &str) -> Result<Config, ConfigError> {
        let mut cfg = Config::default();
        if text.trim().is_empty() {
            return Ok(cfg);
        }
        let value: Value =
            serde_json::from_str(text).map_err(|e| ConfigError(format!("config is not valid JSON: {e}")))?;
        let Value::Object(map) = value else {
            return Err(ConfigError("config must be a JSON object".into()));
        };
        cfg.apply(map)?;
        cfg.validate()?;
        Ok(cfg)
    }

    fn apply(&mut self, map: Map<String, Value>) -> Result<(), ConfigError> {
        for (key, value) in map {
            let k = key.as_str();
            match k {
                // `$schema` lets editors validate the file; it carries no setting.
                "$schema" => {}
                "defaultConcurrency" => self.default_concurrency = field(k, value)?,
                "providerConcurrency" => self.provider_concurrency = field(k, value)?,
                "modelConcurrency" => self.model_concurrency = field(k, value)?,
                "minRuntimeMs" => self.min_runtime_ms = field(k, value)?,
                "todoGraceMs" => self.todo_grace_ms = field(k, value)?,
                "pollIntervalMs" => self.poll_interval_ms = field(k, value)?,
                "coalesceMs" => self.coalesce_ms = field(k, value)?,
                "notifyParent" => self.notify_parent = field(k, value)?,
                "wakeOnFailure" => self.wake_on_failure = field(k, value)?,
                "retryInitialMs" => self.retry_initial_ms = field(k, value)?,
                "retryMaxMs" => self.retry_max_ms = field(k, value)?,
                "staleTimeoutMs" => self.stale_timeout_ms = field(k, value)?,
                "noActivityTimeoutMs" => self.no_activity_timeout_ms = field(k, value)?,
                "queueTtlMs" => self.queue_ttl_ms = field(k, value)?,
                "maxToolCalls" => self.max_tool_calls = field(k, value)?,
                "maxRepeatedToolCalls" => self.max_repeated_tool_calls = field(k, value)?,
                "retentionMs" => self.retention_ms = field(k, value)?,
                "archiveSize" => self.archive_size = field(k, value)?,
                "maxDepth" => self.max_depth = field(k, value)?,
                "maxDescendants" => self.max_descendants = field(k, value)?,
                "maxPromptBytes" => self.max_prompt_bytes = field(k, value)?,
                "maxQueuedPerSession" => self.max_queued_per_session = field(k, value)?,
                "restrictToLineage" => self.restrict_to_lineage = field(k, value)?,
                "delegatingAgents" => self.delegating_agents = field(k, value)?,
                "launchableAgents" => self.launchable_agents = field(k, value)?,
                "agentDenies" => self.agent_denies = field(k, value)?,
                "fallbackModels" => self.fallback_models = field(k, value)?,
                "persistDebounceMs" => self.persist_debounce_ms = field(k, value)?,
                "callTimeoutMs" => self.call_timeout_ms = field(k, value)?,
                "idleNoAnswerMs" => self.idle_no_answer_ms = field(k, value)?,
                "blockedTimeoutMs" => self.blocked_timeout_ms = field(k, value)?,
                "logLevel" => self.log_level = field(k, value)?,
                "autoReply" => self.auto_reply = field(k, value)?,
                "taskBudget" => self.task_budget = field(k, value)?,
                "sessionBudget" => self.session_budget = field(k, value)?,
                "adaptiveConcurrency" => self.adaptive_concurrency = field(k, value)?,
                "minConcurrency" => self.min_concurrency = field(k, value)?,
                "recoverConcurrencyAfter" => self.recover_concurrency_after = field(k, value)?,
                "publishTasks" => self.publish_tasks = field(k, value)?,
                _ => return Err(ConfigError(format!("unknown config key `{key}`"))),
            }
        }
        Ok(())
    }

    fn validate(&self) -> Result<(), ConfigError> {
        let positive = [
            ("pollIntervalMs", self.poll_interval_ms),
            ("retryInitialMs", self.retry_initial_ms),
            ("retryMaxMs", self.retry_max_ms),
            ("staleTimeoutMs", self.stale_timeout_ms),
            ("noActivityTimeoutMs", self.no_activity_timeout_ms),
            ("queueTtlMs", self.queue_ttl_ms),
            ("callTimeoutMs", self.call_timeout_ms),
            ("blockedTimeoutMs", self.blocked_timeout_ms),
        ];
        for (key, v) in positive {
            if v == 0 {
                return Err(ConfigError(format!("config key `{key}` must be greater than 0")));
            }
        }
        // Durations are added to the clock: keep them within reason (and far from overflow).
        const YEAR_MS: u64 = 365 * 24 * 3_600_000;
        let durations = [
            ("minRuntimeMs", self.min_runtime_ms),
            ("todoGraceMs", self.todo_grace_ms),
            ("pollIntervalMs", self.poll_interval_ms),
            ("coalesceMs", self.coalesce_ms),
            ("retryInitialMs", self.retry_initial_ms),
            ("retryMaxMs", self.retry_max_ms),
            ("staleTimeoutMs", self.stale_timeout_ms),
            ("noActivityTimeoutMs", self.no_activity_timeout_ms),
            ("queueTtlMs", self.queue_ttl_ms),
            ("retentionMs", self.retention_ms),
            ("persistDebounceMs", self.persist_debounce_ms),
            ("callTimeoutMs", self.call_timeout_ms),
            ("idleNoAnswerMs", self.idle_no_answer_ms),
            ("blockedTimeoutMs", self.blocked_timeout_ms),
        ];
        for (key, v) in durations {
            if v > YEAR_MS {
                return Err(ConfigError(format!("config key `{key}` must be at most {YEAR_MS} (one year)")));
            }
        }
        if self.retry_max_ms < self.retry_initial_ms {
            return Err(ConfigError("config key `retryMaxMs` must be at least `retryInitialMs`".into()));
        }
        if self.max_prompt_bytes == 0 {
            return Err(ConfigError("config key `maxPromptBytes` must be greater than 0".into()));
        }
        for (key, chain) in &self.fallback_models {
            for entry in chain {
                if parse_model(entry).is_none() {
                    return Err(ConfigError(format!(
                        "config key `fallbackModels`: `{entry}` (for `{key}`) is not of the form provider/model"
                    )));
                }
            }
        }
        if let Some(problem) = self.task_budget.problem() {
            return Err(ConfigError(format!("config key `taskBudget`: {problem}")));
        }
        if let Some(problem) = self.session_budget.problem() {
            return Err(ConfigError(format!("config key `sessionBudget`: {problem}")));
        }
        if self.session_budget.minutes.is_some() {
            return Err(ConfigError("config key `sessionBudget`: only `tokens` and `costUsd` (no `minutes`)".into()));
        }
        for (key, v) in
            [("minConcurrency", self.min_concurrency), ("recoverConcurrencyAfter", self.recover_concurrency_after)]
        {
            if v == 0 {
                return Err(ConfigError(format!("config key `{key}` must be at least 1")));
            }
        }
        for rule in &self.auto_reply {
            if rule.permission.trim().is_empty() || rule.pattern.is_empty() {
                return Err(ConfigError("config key `autoReply`: `permission` and `pattern` must not be empty".into()));
            }
            if rule.message.as_ref().is_some_and(|m| m.trim().is_empty() || m.len() > MESSAGE_MAX) {
                return Err(ConfigError(
                    "config key `autoReply`: a `message` must not be empty, and at most 4000 bytes".into(),
                ));
            }
        }
        for key in self.model_concurrency.keys() {
            if !key.contains('/') {
                return Err(ConfigError(format!(
                    "config key `modelConcurrency`: `{key}` is not of the form provider/model"
                )));
            }
        }
        Ok(())
    }

    /// How the throttle works (`adaptiveConcurrency`), or nothing when it is off.
    pub(crate) fn tuning(&self) -> Option<crate::throttle::Tuning> {
        self.adaptive_concurrency.then_some(crate::throttle::Tuning {
            min: self.min_concurrency,
            recover_after: self.recover_concurrency_after,
        })
    }

    /// The fallback chain configured for a task's model (else its agent).
    pub fn fallback_for(&self, model: Option<&crate::api::ModelRef>, agent: &str) -> Vec<crate::api::ModelRef> {
        let chain = model.and_then(|m| self.fallback_models.get(&m.key())).or_else(|| self.fallback_models.get(agent));
        chain.map(|c| c.iter().filter_map(|e| parse_model(e)).collect()).unwrap_or_default()
    }

    /// The concurrency limit of a key (`provider/model` or an agent name); 0 = unlimited.
    pub fn limit_for(&self, key: &str) -> u32 {
        if let Some(limit) = self.model_concurrency.get(key) {
            return *limit;
        }
        if let Some((provider, _)) = key.split_once('/')
            && let Some(limit) = self.provider_concurrency.get(provider)
        {
            return *limit;
        }
        self.default_concurrency
    }
}

/// `provider/model` (the model id may contain `/`); `/model` keeps the provider (empty here).
pub fn parse_model(text: &str) -> Option<crate::api::ModelRef> {
    let (provider, model) = text.trim().split_once('/')?;
    if model.is_empty() || model.contains(char::is_whitespace) || provider.contains(char::is_whitespace) {
        return None;
    }
    Some(crate::api::ModelRef { provider_id: provider.to_string(), model_id: model.to_string(), variant: None })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn auto_reply_rules_only_refuse_and_match_by_permission_and_glob() {
        let cfg = Config::from_json(
            r#"{"autoReply": [{"permission": "external_directory", "pattern": "/tmp/*/x*", "reply": "reject"}]}"#,
        )
        .unwrap();
        let rule = &cfg.auto_reply[0];
        let on = |p: &str| vec![p.to_string()];
        assert!(rule.matches("external_directory", &on("/tmp/a/b/xyz")));
        assert!(!rule.matches("external_directory", &on("/tmp/a")));
        assert!(!rule.matches("bash", &on("/tmp/a/xyz")));
        assert!(rule.matches("external_directory", &["/home".into(), "/tmp/q/x".into()]));
        let any = Config::from_json(r#"{"autoReply": [{"permission": "*", "reply": "reject"}]}"#).unwrap();
        assert!(any.auto_reply[0].matches("bash", &[]));
        for bad in [
            r#"{"autoReply": [{"permission": "bash", "reply": "once"}]}"#,
            r#"{"autoReply": [{"permission": "bash", "reply": "always"}]}"#,
            r#"{"autoReply": [{"permission": "", "reply": "reject"}]}"#,
            r#"{"autoReply": [{"permission": "bash", "reply": "reject", "message": " "}]}"#,
            r#"{"autoReply": [{"permission": "bash", "reply": "reject", "extra": 1}]}"#,
        ] {
            let err = Config::from_json(bad).unwrap_err().0;
            assert!(err.contains("`autoReply`"), "{bad}: {err}");
        }
    }

    #[test]
    fn empty_config_is_defaults() {
        assert_eq!(Config::from_json("").ok(), Some(Config::default()));
        assert_eq!(Config::from_json("{}").ok(), Some(Config::default()));
    }

    #[test]
    fn unknown_key_is_named() {
        let err = Config::from_json(r#"{"defaultConcurency": 2}"#).err();
        assert_eq!(err, Some(ConfigError("unknown config key `defaultConcurency`".into())));
    }

    #[test]
    fn bad_value_names_the_key() {
        let err = Config::from_json(r#"{"pollIntervalMs": "fast"}"#).err().map(|e| e.0);
        assert!(err.is_some_and(|m| m.starts_with("config key `pollIntervalMs`:")));
        let err = Config::from_json(r#"{"pollIntervalMs": 0}"#).err().map(|e| e.0);
        assert_eq!(err.as_deref(), Some("config key `pollIntervalMs` must be greater than 0"));
    }

    #[test]
    fn fallback_chains_resolve_by_model_then_agent() {
        let cfg = Config::from_json(
            r#"{"fallbackModels": {"openai/gpt-a": ["openai/gpt-b", "/gpt-c"], "explore": ["anthropic/claude"]}}"#,
        );
        let Ok(cfg) = cfg else { panic!("config should parse") };
        let a = crate::api::ModelRef { provider_id: "openai".into(), model_id: "gpt-a".into(), variant: None };
        let keys: Vec<String> = cfg.fallback_for(Some(&a), "explore").iter().map(|m| m.key()).collect();
        assert_eq!(keys, vec!["openai/gpt-b", "/gpt-c"]);
        let keys: Vec<String> = cfg.fallback_for(None, "explore").iter().map(|m| m.key()).collect();
        assert_eq!(keys, vec!["anthropic/claude"]);
        let err = Config::from_json(r#"{"fallbackModels": {"x": ["nope"]}}"#).err().map(|e| e.0);
        assert_eq!(
            err.as_deref(),
            Some("config key `fallbackModels`: `nope` (for `x`) is not of the form provider/model")
        );
    }

    #[test]
    fn durations_are_bounded() {
        let err = Config::from_json(r#"{"queueTtlMs": 18446744073709551615}"#).err().map(|e| e.0);
        assert_eq!(err.as_deref(), Some("config key `queueTtlMs` must be at most 31536000000 (one year)"));
    }

    #[test]
    fn limits_resolve_model_then_provider_then_default() {
        let cfg = Config::from_json(
            r#"{"defaultConcurrency": 5, "providerConcurrency": {"openai": 2},
                "modelConcurrency": {"openai/gpt-5": 1}}"#,
        );
        let Ok(cfg) = cfg else { panic!("config should parse") };
        assert_eq!(cfg.limit_for("openai/gpt-5"), 1);
        assert_eq!(cfg.limit_for("openai/gpt-4o"), 2);
        assert_eq!(cfg.limit_for("anthropic/claude"), 5);
        assert_eq!(cfg.limit_for("explore"), 5);
    }
}
