//! Randomized model-based test of the core against a simulated OpenCode.
//!
//! Each case draws a configuration (small concurrency limits, short timers) and a sequence of
//! operations that interleave launches (several parents, nested children of our own tasks,
//! several agents and models, so several concurrency keys), cancels (right and wrong callers,
//! with and without notify/abort, of live, finished and unknown ids), child turns of every kind
//! (text, tools only, reasoning, empty, API errors, aborted, cut short mid-turn or after a step
//! that asked for tools), events (status, idle,
//! error, message and part updates, deltas, todos, permission and question prompts, deletions
//! of children and parents; duplicated, out of order, for unknown sessions), answers to the
//! pending SDK calls in any order (real, failed, failed after acting, garbage), time advances
//! with timer fires, injections, resumes (of live, ended and unknown tasks, by task id or child
//! session), tracking of sessions started elsewhere (and tracking them again for another
//! parent), snapshot/restore and shutdown/restart.
//!
//! After every step: the core's own invariants hold, and no task was announced twice (nor at
//! all, when its parent cancelled it quietly, nor again once its parent session was deleted).
//! Then a quiescence phase answers everything for real, lets every child finish with real
//! output and moves time past every deadline: every task must end, every task whose parent
//! still exists and did not cancel it quietly must be announced exactly once, no slot may be
//! held, and the core must fall silent (no more SDK calls). The same inputs, run twice on
//! fresh managers, must produce the same effects.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod model_support;

use background_agent::*;
use model_support::*;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

// ------------------------------------------------------------------ configuration

#[derive(Clone, Debug)]
struct Cfg {
    default_concurrency: u32,
    gpt_a_limit: Option<u32>,
    anthropic_limit: Option<u32>,
    min_runtime_ms: u64,
    todo_grace_ms: u64,
    coalesce_ms: u64,
    notify_parent: bool,
    wake_on_failure: bool,
    retry_initial_ms: u64,
    retry_max_ms: u64,
    retention_ms: u64,
    archive_size: u32,
    queue_ttl_ms: u64,
    max_depth: u32,
    restrict_to_lineage: bool,
    delegating: bool,
    /// Calls left unanswered this long fail (short: hung calls are common in these runs).
    call_timeout_ms: u64,
    /// A child idle without an answer is asked for one after this long, and fails after twice.
    idle_no_answer_ms: u64,
    blocked_timeout_ms: u64,
    max_descendants: u32,
    /// Tokens all the tasks of one parent session may use (a few turns' worth), or none.
    session_budget: Option<u64>,
    /// Keys back off after rate limits (`adaptiveConcurrency`, a slot back every 2 completions).
    adaptive: bool,
}

impl Cfg {
    fn json(&self) -> String {
        let mut v = serde_json::json!({
            "defaultConcurrency": self.default_concurrency,
            "minRuntimeMs": self.min_runtime_ms,
            "todoGraceMs": self.todo_grace_ms,
            "coalesceMs": self.coalesce_ms,
            "notifyParent": self.notify_parent,
            "wakeOnFailure": self.wake_on_failure,
            "retryInitialMs": self.retry_initial_ms,
            "retryMaxMs": self.retry_max_ms,
            "retentionMs": self.retention_ms,
            "archiveSize": self.archive_size,
            "queueTtlMs": self.queue_ttl_ms,
            "maxDepth": self.max_depth,
            "restrictToLineage": self.restrict_to_lineage,
            "pollIntervalMs": 3000,
            // The stale checks are the only way out for a task whose session vanished while the
            // core was not listening (e.g. resumed after its session was deleted): keep them
            // within the quiescence horizon.
            "staleTimeoutMs": 10 * 60_000,
            "noActivityTimeoutMs": 15 * 60_000,
            "logLevel": "debug",
            "callTimeoutMs": self.call_timeout_ms,
            "idleNoAnswerMs": self.idle_no_answer_ms,
            "blockedTimeoutMs": self.blocked_timeout_ms,
            "maxDescendants": self.max_descendants,
        });
        if let Some(l) = self.gpt_a_limit {
            v["modelConcurrency"] = serde_json::json!({ "openai/gpt-a": l });
        }
        if let Some(l) = self.anthropic_limit {
            v["providerConcurrency"] = serde_json::json!({ "anthropic": l });
        }
        if self.delegating {
            v["delegatingAgents"] = serde_json::json!(["general"]);
        }
        if let Some(tokens) = self.session_budget {
            v["sessionBudget"] = serde_json::json!({ "tokens": tokens });
        }
        if self.adaptive {
            v["adaptiveConcurrency"] = serde_json::json!(true);
            v["recoverConcurrencyAfter"] = serde_json::json!(2);
        }
        v.to_string()
    }
}

fn cfg_strategy() -> impl Strategy<Value = Cfg> {
    (
        (prop_oneof![4 => 1u32..=2, 1 => Just(0u32), 1 => Just(3u32)], proptest::option::of(1u32..=2)),
        proptest::option::of(1u32..=2),
        (prop_oneof![Just(0u64), Just(1_000), Just(5_000)], prop_oneof![Just(0u64), Just(2_000), Just(120_000)]),
        (prop_oneof![Just(0u64), Just(100), Just(2_000)], proptest::bool::weighted(0.8), any::<bool>()),
        (prop_oneof![Just(100u64), Just(1_000)], prop_oneof![Just(1_000u64), Just(30_000)]),
        (prop_oneof![Just(5_000u64), Just(600_000)], prop_oneof![Just(0u32), Just(3), Just(200)]),
        prop_oneof![3 => Just(1_800_000u64), 1 => Just(20_000)],
        (1u32..=3, proptest::bool::weighted(0.7), any::<bool>(), proptest::bool::weighted(0.4)),
        (
            prop_oneof![Just(60_000u64), Just(5_000)],
            prop_oneof![Just(30_000u64), Just(2_000)],
            prop_oneof![2 => Just(30 * 60_000u64), 1 => Just(60_000)],
            prop_oneof![3 => Just(50u32), 1 => Just(4)],
        ),
    )
        .prop_map(
            |(conc, anthropic, (min_rt, grace), (coalesce, notify, wake), (ri, rm), (ret, arch), ttl, rest, limits)| {
                Cfg {
                    default_concurrency: conc.0,
                    gpt_a_limit: conc.1,
                    anthropic_limit: anthropic,
                    min_runtime_ms: min_rt,
                    todo_grace_ms: grace,
                    coalesce_ms: coalesce,
                    notify_parent: notify,
                    wake_on_failure: wake,
                    retry_initial_ms: ri,
                    retry_max_ms: rm.max(ri),
                    retention_ms: ret,
                    archive_size: arch,
                    queue_ttl_ms: ttl,
                    max_depth: rest.0,
                    restrict_to_lineage: rest.1,
                    delegating: rest.2,
                    call_timeout_ms: limits.0,
                    idle_no_answer_ms: limits.1,
                    blocked_timeout_ms: limits.2,
                    max_descendants: limits.3,
                    // With the small descendant limit (one case in four): a session budget of
                    // two turns, so that some parents spend it and are refused.
                    session_budget: (limits.3 == 4).then_some(3_000),
                    adaptive: rest.3,
                }
            },
        )
}

// ------------------------------------------------------------------ operations

/// An event, before its target session is chosen.
#[derive(Clone, Copy, Debug)]
enum Ev {
    StatusIdle,
    StatusBusy,
    /// Provider retry with one of a few messages (some retryable by another model).
    StatusRetry(u8),
    Idle,
    /// session.error with one of a few errors (index into `error_value`).
    Error(u8),
    /// session.error without an error.
    ErrorNone,
    /// message.updated of an assistant message, with an error when the index says so.
    Assistant(u8),
    User,
    Tool(u8),
    Text(bool),
    Delta,
    Todos(u8, u8),
    Permission,
    Question,
    /// session.deleted, only for sessions that do not exist (again, or never did).
    GhostDeleted,
    Unknown,
    /// Known type, properties that do not decode.
    Malformed(u8),
}

/// Which tool continues a task.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Via {
    Resume,
    Message,
    /// `background_message` with `interrupt: true`.
    Interrupt,
}

#[derive(Clone, Debug)]
enum Op {
    Launch {
        parent: u8,
        agent: u8,
        model: u8,
        fallback: u8,
        entropy: u8,
    },
    Cancel {
        task: u8,
        caller: u8,
        abort: bool,
        notify: bool,
    },
    CancelAll {
        parent: u8,
        abort: bool,
        notify: bool,
    },
    Reply {
        call: u8,
        mode: ReplyMode,
    },
    /// A reply to a call that was already answered, or that never was made.
    StrayReply {
        call: u8,
        ok: bool,
    },
    ChildTurn {
        child: u8,
        turn: Turn,
        events: u8,
    },
    Busy {
        child: u8,
    },
    Todos {
        child: u8,
        open: u8,
        done: u8,
    },
    Event {
        target: u8,
        ev: Ev,
        times: u8,
    },
    Delete {
        session: u8,
        parents_first: bool,
    },
    Advance {
        ms: u64,
        precise: bool,
    },
    /// A child ends its turn without an answer and answers every later prompt the same way.
    Mute {
        child: u8,
    },
    Tick,
    Inject {
        parent: u8,
    },
    Restore,
    ShutdownRestart,
    Query {
        task: u8,
        caller: u8,
    },
    /// Continue a task (by task id or by child session id) with a new prompt, by
    /// `background_resume` or by `background_message` (which also reaches a running task).
    Resume {
        task: u8,
        caller: u8,
        by_session: bool,
        prompt: u8,
        via: Via,
    },
    /// `background_reply`: an answer of some kind (right or wrong for what is pending).
    Answer {
        task: u8,
        caller: u8,
        kind: u8,
    },
    /// Adopt a session started elsewhere (new), or track a known one again (to a new parent).
    Track {
        parent: u8,
        again: u8,
        key: u8,
    },
}

fn reply_mode() -> impl Strategy<Value = ReplyMode> {
    prop_oneof![
        10 => Just(ReplyMode::Real),
        2 => any::<u8>().prop_map(ReplyMode::Fail),
        1 => any::<u8>().prop_map(ReplyMode::ActThenFail),
        1 => any::<u8>().prop_map(ReplyMode::Garbage),
    ]
}

fn ev_strategy() -> impl Strategy<Value = Ev> {
    prop_oneof![
        3 => Just(Ev::StatusIdle),
        3 => Just(Ev::StatusBusy),
        1 => any::<u8>().prop_map(Ev::StatusRetry),
        3 => Just(Ev::Idle),
        1 => any::<u8>().prop_map(Ev::Error),
        1 => Just(Ev::ErrorNone),
        2 => any::<u8>().prop_map(Ev::Assistant),
        1 => Just(Ev::User),
        2 => any::<u8>().prop_map(Ev::Tool),
        1 => any::<bool>().prop_map(Ev::Text),
        2 => Just(Ev::Delta),
        1 => (0u8..3, 0u8..3).prop_map(|(o, d)| Ev::Todos(o, d)),
        1 => Just(Ev::Permission),
        1 => Just(Ev::Question),
        1 => Just(Ev::GhostDeleted),
        1 => Just(Ev::Unknown),
        1 => any::<u8>().prop_map(Ev::Malformed),
    ]
}

fn op_strategy() -> impl Strategy<Value = Op> {
    prop_oneof![
        8 => (any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>(), any::<u8>())
            .prop_map(|(parent, agent, model, fallback, entropy)| Op::Launch { parent, agent, model, fallback, entropy }),
        2 => (any::<u8>(), any::<u8>(), any::<bool>(), proptest::bool::weighted(0.7))
            .prop_map(|(task, caller, abort, notify)| Op::Cancel { task, caller, abort, notify }),
        1 => (any::<u8>(), any::<bool>(), any::<bool>())
            .prop_map(|(parent, abort, notify)| Op::CancelAll { parent, abort, notify }),
        16 => (any::<u8>(), reply_mode()).prop_map(|(call, mode)| Op::Reply { call, mode }),
        1 => (any::<u8>(), any::<bool>()).prop_map(|(call, ok)| Op::StrayReply { call, ok }),
        6 => (any::<u8>(), proptest::sample::select(TURNS.to_vec()), 0u8..8)
            .prop_map(|(child, turn, events)| Op::ChildTurn { child, turn, events }),
        1 => any::<u8>().prop_map(|child| Op::Busy { child }),
        1 => any::<u8>().prop_map(|child| Op::Mute { child }),
        1 => (any::<u8>(), 0u8..3, 0u8..3).prop_map(|(child, open, done)| Op::Todos { child, open, done }),
        8 => (any::<u8>(), ev_strategy(), prop_oneof![6 => Just(1u8), 1 => 2u8..4])
            .prop_map(|(target, ev, times)| Op::Event { target, ev, times }),
        1 => (any::<u8>(), any::<bool>()).prop_map(|(session, parents_first)| Op::Delete { session, parents_first }),
        6 => (
            prop_oneof![Just(1u64), Just(50), Just(150), Just(1_000), Just(3_000), Just(6_000), Just(31_000), Just(130_000)],
            proptest::bool::weighted(0.8),
        )
            .prop_map(|(ms, precise)| Op::Advance { ms, precise }),
        1 => Just(Op::Tick),
        1 => any::<u8>().prop_map(|parent| Op::Inject { parent }),
        1 => Just(Op::Restore),
        1 => Just(Op::ShutdownRestart),
        2 => (any::<u8>(), any::<u8>()).prop_map(|(task, caller)| Op::Query { task, caller }),
        4 => (any::<u8>(), any::<u8>(), any::<bool>(), any::<u8>(), prop_oneof![Just(Via::Resume), Just(Via::Message), Just(Via::Interrupt)])
            .prop_map(|(task, caller, by_session, prompt, via)| Op::Resume { task, caller, by_session, prompt, via }),
        2 => (any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(parent, again, key)| Op::Track { parent, again, key }),
        2 => (any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(task, caller, kind)| Op::Answer { task, caller, kind }),
    ]
}

fn error_value(kind: u8) -> serde_json::Value {
    match kind % 6 {
        0 => api_error("APIError", "Bad Request: invalid tool schema", Some(400)),
        1 => api_error("APIError", "Rate limit exceeded, retry later", Some(429)),
        2 => api_error("ProviderAuthError", "invalid x-api-key", None),
        3 => api_error("UnknownError", "boom", None),
        4 => api_error("MessageAbortedError", "The operation was aborted.", None),
        _ => api_error("APIError", "You exceeded your current quota (billing)", Some(402)),
    }
}

fn malformed_props(kind: u8) -> (&'static str, &'static str) {
    const CASES: [(&str, &str); 8] = [
        ("session.status", "{"),
        ("session.status", r#"{"status": 7}"#),
        ("session.error", r#"{"error": "text"}"#),
        ("message.updated", r#"{"info": []}"#),
        ("message.part.updated", "[]"),
        ("todo.updated", r#"{"todos": 7}"#),
        ("permission.asked", r#"{"patterns": "rm"}"#),
        ("question.asked", r#"{"questions": [1, 2]}"#),
    ];
    CASES[kind as usize % CASES.len()]
}

// ------------------------------------------------------------------ the model

struct TaskRec {
    id: String,
    parent: String,
}

/// How often some notable things happened, per test thread (printed after each property).
#[derive(Default, Debug)]
struct Stats {
    cases: u64,
    steps: u64,
    tasks: u64,
    announced_once: u64,
    quiet: u64,
    parent_deleted: u64,
    restores: u64,
    resumed: u64,
    /// Parents that received the same notice text twice with no resume in between: a notice
    /// sent again (a restart while its prompt was on its way into OpenCode, landing after the
    /// restored core looked for it; not an announcement the core counted).
    duplicate_notice_texts: u64,
    /// Children prompted to continue after a restore found their run cut off.
    continued: u64,
    /// Ended tasks resumed by an ancestor of their launcher (which took them over).
    taken_over: u64,
    /// Ended tasks resumed by another session that is not above them (they stay with their launcher).
    resumed_by_others: u64,
    /// SDK calls the core gave up on after `callTimeoutMs`.
    calls_timed_out: u64,
    /// Children asked for their final answer after going idle without one.
    asked_for_answer: u64,
    /// Tasks failed because their child stopped again without answering.
    failed_unanswered: u64,
    /// Messages that reached a running child (`background_message`).
    steered: u64,
    /// Ended runs delivered to their parent by its own read (background_output or background_wait).
    read_delivered: u64,
    /// Answers sent to a child's pending request.
    answered: u64,
    /// Of `steered`, the messages that interrupted the running turn.
    interrupted: u64,
    /// Tasks that ended stopped by their budget (still live at the end).
    budget_stopped: u64,
    /// Launches refused because their parent session spent its budget.
    session_spent: u64,
    /// Launches accepted to run after other tasks (`after`).
    after_launched: u64,
    /// Of those, launched while a prerequisite was unfinished (they waited).
    after_waited: u64,
    /// Launches refused because a prerequisite had already failed (on_failure skip).
    after_refused: u64,
    /// Tasks cancelled because a prerequisite did not complete (the cascade).
    skipped_by_prerequisite: u64,
    /// Tasks that ran after their prerequisites and completed.
    completed_after: u64,
    /// Steps after which some key's limit was lowered by rate limits (`adaptiveConcurrency`).
    steps_lowered: u64,
    /// Keys lowered below their configured limit of 2 or more at some step.
    lowered_below_config: u64,
}

thread_local! {
    static STATS: RefCell<Stats> = RefCell::new(Stats::default());
}

fn bump(f: impl FnOnce(&mut Stats)) {
    STATS.with(|s| f(&mut s.borrow_mut()));
}

struct Model {
    env: Env,
    cfg: Cfg,
    tasks: Vec<TaskRec>,
    /// Cancelled by their parent with notify_parent = false: never announced.
    quiet: BTreeSet<String>,
    /// Their parent session was deleted: the announcement count is frozen at this value.
    frozen: BTreeMap<String, u32>,
    /// Last announcement count seen per task (it stays once the task leaves the live table).
    last: BTreeMap<String, u32>,
    /// Tasks that left the live table.
    gone: BTreeSet<String>,
    /// Tasks launched to run after others.
    dependents: BTreeSet<String>,
    /// Tasks resumed at least once.
    resumed: BTreeSet<String>,
    launches: u32,
    restores: u32,
}

const MODELS: [Option<(&str, &str)>; 5] =
    [None, None, Some(("openai", "gpt-a")), Some(("openai", "gpt-b")), Some(("anthropic", "claude"))];
/// `build` is a primary agent: refused at once once the agent list is known, and as a task
/// error (with its notice) when the launch came before the list.
const AGENTS: [&str; 4] = ["explore", "general", "oracle", "build"];

fn model_ref(i: u8) -> Option<ModelRef> {
    MODELS[i as usize % MODELS.len()].map(|(p, m)| ModelRef {
        provider_id: p.into(),
        model_id: m.into(),
        variant: None,
    })
}

impl Model {
    fn new(cfg: &Cfg, tracing: bool) -> Model {
        let mut env = Env::new(&cfg.json());
        env.tracing = tracing;
        Model {
            env,
            cfg: cfg.clone(),
            tasks: Vec::new(),
            quiet: BTreeSet::new(),
            frozen: BTreeMap::new(),
            last: BTreeMap::new(),
            gone: BTreeSet::new(),
            dependents: BTreeSet::new(),
            resumed: BTreeSet::new(),
            launches: 0,
            restores: 0,
        }
    }

    /// After every step: the core's invariants and the announcement rules.
    fn check(&mut self, step: &dyn std::fmt::Debug) {
        bump(|s| s.steps += 1);
        self.env.check(&format!("{step:?}"));
        let lowered = self.env.m.lowered_limits();
        if !lowered.is_empty() {
            bump(|s| {
                s.steps_lowered += 1;
                s.lowered_below_config +=
                    lowered.iter().filter(|(_, limit, configured)| limit < configured).count() as u64;
            });
        }
        for t in &self.tasks {
            let last = self.last.get(&t.id).copied().unwrap_or(0);
            match self.env.m.announcements(&t.id) {
                Some(n) => {
                    assert!(n <= 1, "{} announced {n} times (after {step:?})", t.id);
                    assert!(n >= last, "{}: announcement count went from {last} back to {n} (after {step:?})", t.id);
                    if self.quiet.contains(&t.id) {
                        assert_eq!(n, 0, "{} was cancelled quietly but announced (after {step:?})", t.id);
                    }
                    if let Some(frozen) = self.frozen.get(&t.id) {
                        assert_eq!(n, *frozen, "{}: announced after its parent was deleted (after {step:?})", t.id);
                    }
                    assert!(!self.gone.contains(&t.id), "{} came back to the live table", t.id);
                    self.last.insert(t.id.clone(), n);
                }
                None => {
                    if self.gone.insert(t.id.clone()) {
                        // Archived: after its notice went out, or at once when none is owed.
                        assert!(
                            last == 1 || self.quiet.contains(&t.id) || self.frozen.contains_key(&t.id),
                            "{} left the live table without being announced (after {step:?})",
                            t.id
                        );
                    }
                }
            }
        }
    }

    fn pick_parent(&self, sel: u8) -> Option<String> {
        let roots = self.env.existing_roots();
        let children = self.env.children();
        if !sel.is_multiple_of(3) && !roots.is_empty() {
            return Some(roots[sel as usize / 3 % roots.len()].clone());
        }
        if !children.is_empty() {
            return Some(children[sel as usize / 3 % children.len()].clone());
        }
        roots.first().cloned()
    }

    fn launch(&mut self, parent: u8, agent: u8, model: u8, fallback: u8, entropy: u8) {
        let pick = entropy;
        let Some(parent) = self.pick_parent(parent) else { return };
        self.launches += 1;
        let n = self.launches;
        let entropy = if entropy < 200 {
            // Unique ids: the launch counter in the bytes the id is made of.
            let mut e = [0x5a; 16];
            e[..4].copy_from_slice(&n.to_be_bytes());
            e[4] = entropy;
            e
        } else {
            // A broken random source repeats itself: the core must still keep ids unique.
            [entropy; 16]
        };
        let fallback_bits = fallback;
        let fallback = match fallback % 4 {
            0 | 1 => vec![],
            2 => model_ref(3).into_iter().collect(),
            _ => [model_ref(4), model_ref(2)].into_iter().flatten().collect(),
        };
        let parent_model =
            ModelRef { provider_id: "anthropic".into(), model_id: "claude-parent".into(), variant: None };
        let req = LaunchRequest {
            parent_session_id: parent.clone(),
            parent_message_id: Some(format!("msg_{parent}_launch{n}")),
            parent_agent: n.is_multiple_of(2).then(|| "build".to_string()),
            parent_model: n.is_multiple_of(3).then_some(parent_model),
            description: format!("job {n}"),
            prompt: format!("task prompt #{n}: look into module {}", n % 7),
            agent: AGENTS[agent as usize % AGENTS.len()].into(),
            model: model_ref(model),
            system: n.is_multiple_of(4).then(|| "be brief".to_string()),
            fallback,
            // Some runs have a budget a child's turn can reach (a turn reports 1,500 tokens).
            budget: match fallback_bits / 4 % 6 {
                3 => Budget { tokens: Some(2_000), ..Budget::default() },
                4 => Budget { minutes: Some(1), ..Budget::default() },
                5 => Budget { tokens: Some(1_000_000), cost_usd: Some(0.015), minutes: None },
                _ => Budget::default(),
            },
            after: Vec::new(),
            on_failure: PrerequisiteFailure::Skip,
        };
        // One launch in four runs after earlier tasks (one or two, possibly foreign, ended or gone).
        let dependent = pick % 4 == 1 && !self.tasks.is_empty();
        let mut req = req;
        if dependent {
            let len = self.tasks.len();
            let first = &self.tasks[(pick as usize / 4 + n as usize) % len];
            req.after.push(first.id.clone());
            if pick % 8 == 5 {
                req.after.push(self.tasks[(pick as usize / 8) % len].id.clone());
            }
            req.on_failure = if model.is_multiple_of(2) { PrerequisiteFailure::Skip } else { PrerequisiteFailure::Run };
        }
        let launched = self.env.launch(entropy, req);
        match &launched {
            Ok(view) if dependent => {
                self.dependents.insert(view.id.clone());
                bump(|s| {
                    s.after_launched += 1;
                    s.after_waited += u64::from(!view.waiting_for.is_empty());
                })
            }
            Ok(view) => {
                self.dependents.remove(&view.id);
            }
            Err(RequestError::Conflict(why)) if why.contains("could never run") => bump(|s| s.after_refused += 1),
            _ => {}
        }
        if let Err(RequestError::Limit(why)) = &launched
            && why.contains("sessionBudget")
        {
            bump(|s| s.session_spent += 1);
        }
        if let Ok(view) = launched {
            assert_eq!(view.parent_session_id, parent);
            assert!(matches!(view.status, TaskStatus::Pending | TaskStatus::Running), "{view:?}");
            if let Some(old) = self.tasks.iter().position(|t| t.id == view.id) {
                // An id may come back only after the archive forgot it.
                assert!(self.gone.contains(&view.id), "{} was given to a second task while still known", view.id);
                let old = self.tasks.remove(old);
                for set in [&mut self.quiet, &mut self.gone] {
                    set.remove(&old.id);
                }
                self.frozen.remove(&old.id);
                self.last.remove(&old.id);
            }
            self.tasks.push(TaskRec { id: view.id, parent });
        }
    }

    fn pick_task(&self, sel: u8) -> Option<&TaskRec> {
        self.tasks.get(sel as usize % (self.tasks.len() + 1))
    }

    fn caller_for(&self, task: Option<&TaskRec>, sel: u8) -> String {
        let Some(t) = task else {
            return ROOTS[sel as usize % ROOTS.len()].to_string();
        };
        match sel % 5 {
            0 | 1 => t.parent.clone(),
            2 => self.env.root_of(&t.parent),
            3 => {
                let root = self.env.root_of(&t.parent);
                ROOTS.iter().find(|r| **r != root).map_or(root.clone(), |r| r.to_string())
            }
            _ => "ses_stranger".to_string(),
        }
    }

    fn cancel(&mut self, task: u8, caller: u8, abort: bool, notify: bool) {
        let rec = self.pick_task(task);
        let caller = self.caller_for(rec, caller);
        let id = rec.map_or_else(|| "bg_deadbeef".to_string(), |t| t.id.clone());
        let options = CancelOptions { abort_session: abort, notify_parent: notify };
        if let Ok(view) = self.env.cancel(&caller, &id, options) {
            assert_eq!(view.status, TaskStatus::Cancelled);
            if !notify {
                self.quiet.insert(id);
            }
        }
    }

    fn cancel_all(&mut self, parent: u8, abort: bool, notify: bool) {
        let Some(parent) = self.pick_parent(parent) else { return };
        let options = CancelOptions { abort_session: abort, notify_parent: notify };
        for view in self.env.cancel_all(&parent, options) {
            assert_eq!(view.status, TaskStatus::Cancelled);
            if !notify {
                self.quiet.insert(view.id);
            }
        }
    }

    fn pick_child(&self, sel: u8) -> Option<String> {
        let children = self.env.children();
        (!children.is_empty()).then(|| children[sel as usize % children.len()].clone())
    }

    /// Any session ever seen, or one nobody knows.
    fn pick_target(&self, sel: u8) -> String {
        let n = self.env.ever.len();
        match sel as usize % (n + 2) {
            i if i < n => self.env.ever[i].clone(),
            i if i == n => "ses_unknown".to_string(),
            _ => String::new(),
        }
    }

    fn event(&mut self, target: u8, ev: Ev, times: u8) {
        let s = self.pick_target(target);
        let lifecycle = matches!(ev, Ev::StatusIdle | Ev::Idle | Ev::GhostDeleted | Ev::Unknown);
        if self.env.deleted.contains(&s) && !lifecycle {
            // A deleted session does no more work (late idles and deletions still trickle in).
            return;
        }
        let event = match ev {
            Ev::StatusIdle => status_event(&s, "idle"),
            Ev::StatusBusy => status_event(&s, "busy"),
            Ev::StatusRetry(k) => {
                let messages = ["Rate limited", "overloaded_error", "502 Bad Gateway", "something odd"];
                retry_event(&s, u32::from(k % 5), messages[k as usize % messages.len()], T0)
            }
            Ev::Idle => idle_event(&s),
            Ev::Error(k) => error_event(&s, Some(error_value(k))),
            Ev::ErrorNone => error_event(&s, None),
            Ev::Assistant(k) => {
                let mut info = serde_json::json!({ "id": format!("msg_ev_{k}"), "sessionID": s, "role": "assistant",
                    "tokens": { "input": u64::from(k) * 10, "output": 5 }, "cost": 0.001 });
                if k % 4 == 0 {
                    info["error"] = error_value(k / 4);
                }
                message_updated_event(&s, &info)
            }
            Ev::User => {
                message_updated_event(&s, &serde_json::json!({ "id": "msg_u", "sessionID": s, "role": "user" }))
            }
            Ev::Tool(k) => tool_part_event(&s, u32::from(k % 6), ["read", "grep", "bash"][k as usize % 3], "running"),
            Ev::Text(synthetic) => text_part_event(&s, 1, "working on it", synthetic),
            Ev::Delta => delta_event(&s),
            Ev::Todos(open, done) => todo_event(&s, &todos_value(open, done)),
            Ev::Permission => permission_event(&s, "bash", "rm -rf /tmp/x"),
            Ev::Question => question_event(&s),
            Ev::GhostDeleted if !self.env.exists(&s) => deleted_event(&s),
            Ev::GhostDeleted | Ev::Unknown => {
                event(&s, "session.updated", &serde_json::json!({ "info": { "id": s, "title": "renamed" } }))
            }
            Ev::Malformed(k) => {
                let (ty, props) = malformed_props(k);
                Event::Session { event_type: ty.into(), session_id: s.clone(), properties: props.into() }
            }
        };
        for _ in 0..times.max(1) {
            self.env.deliver(event.clone());
        }
    }

    fn delete(&mut self, sel: u8, parents_first: bool) {
        let roots = self.env.existing_roots();
        let children = self.env.children();
        let session = if sel.is_multiple_of(4) && !roots.is_empty() {
            roots[sel as usize / 4 % roots.len()].clone()
        } else if !children.is_empty() {
            children[sel as usize % children.len()].clone()
        } else {
            return;
        };
        let mut doomed = Vec::new();
        // The whole subtree goes: every task launched from any session in it is frozen.
        let mut stack = vec![session.clone()];
        while let Some(s) = stack.pop() {
            if doomed.contains(&s) || !self.env.exists(&s) {
                continue;
            }
            for (id, sess) in &self.env.sessions {
                if sess.parent.as_deref() == Some(s.as_str()) {
                    stack.push(id.clone());
                }
            }
            doomed.push(s);
        }
        for t in &self.tasks {
            if doomed.contains(&t.parent) && !self.frozen.contains_key(&t.id) {
                self.frozen.insert(t.id.clone(), self.last.get(&t.id).copied().unwrap_or(0));
            }
        }
        let deleted = self.env.delete(&session, parents_first);
        assert_eq!(deleted.len(), doomed.len());
    }

    fn resume(&mut self, task: u8, caller: u8, by_session: bool, prompt: u8, via: Via) {
        let index = task as usize % (self.tasks.len() + 1);
        self.resume_at(index, caller, by_session, prompt, via);
    }

    fn resume_at(&mut self, index: usize, caller: u8, by_session: bool, prompt: u8, via: Via) {
        let Some(rec) = self.tasks.get(index) else { return };
        let id = rec.id.clone();
        let caller = self.caller_for(Some(rec), caller);
        if !self.env.exists(&caller) {
            return;
        }
        let before = self.env.m.get(&rec.parent, &id).ok();
        // By child session only while the session is still this task's (after the task left
        // the live table, a tracked task may own it).
        let session = before.as_ref().and_then(|v| v.session_id.clone());
        let owner = session.as_ref().and_then(|s| self.env.m.get_by_session(s)).map(|v| v.id);
        let target = match (by_session, session) {
            (true, Some(session)) if owner.as_deref() == Some(id.as_str()) => session,
            _ => id.clone(),
        };
        let prompt = match prompt % 8 {
            0 => String::new(),
            1 => " \n ".to_string(),
            _ => format!("resume: also check module {prompt}"),
        };
        let r = match via {
            Via::Resume => self.env.m.resume(self.env.now, &caller, &target, &prompt),
            Via::Message => {
                self.env.m.message(self.env.now, &caller, &target, &prompt, SteerMode::Queue).map(|s| s.task)
            }
            Via::Interrupt => {
                self.env.m.message(self.env.now, &caller, &target, &prompt, SteerMode::Interrupt).map(|s| s.task)
            }
        };
        self.env.note(|| format!("{via:?} {target} by {caller} -> {r:?}"));
        self.env.drain();
        if matches!(via, Via::Message | Via::Interrupt)
            && let Some(before) = &before
        {
            match (before.status, &r) {
                // A running child with a session gets the message: counted, still running.
                (TaskStatus::Running, Ok(view)) => {
                    assert!(before.session_id.is_some(), "messaged a task with no session yet");
                    assert_eq!(view.status, TaskStatus::Running, "a message ended the task");
                    assert_eq!(view.progress.steered, before.progress.steered + 1, "the message was not counted");
                    bump(|s| s.steered += 1);
                    if via == Via::Interrupt {
                        bump(|s| s.interrupted += 1);
                    }
                }
                (TaskStatus::Pending | TaskStatus::Cancelled, Ok(view)) => {
                    panic!("a message reached a {:?} task: {view:?}", before.status)
                }
                _ => {}
            }
        }
        if let (Ok(view), Some(before)) = (r, before) {
            assert_eq!(view.id, id, "resumed another task");
            if before.status.is_terminal() {
                assert!(!view.status.is_terminal(), "resumed but still {:?}", view.status);
                // Whoever resumed it is told of the new run: an ancestor of its session in
                // OpenCode's tree takes the task over (the core may not know every ancestor: a
                // session it did not create ends what it knows). Anyone else leaves it alone.
                let launcher = &before.parent_session_id;
                if view.parent_session_id != *launcher {
                    assert_eq!(view.parent_session_id, caller, "moved to a session that did not resume it");
                    assert!(
                        !self.env.exists(launcher) || self.env.ancestors(launcher).contains(&caller),
                        "taken over by {caller}, which is not above its launcher {launcher}"
                    );
                    bump(|s| s.taken_over += 1);
                    self.tasks[index].parent = caller.clone();
                } else if caller != before.parent_session_id {
                    bump(|s| s.resumed_by_others += 1);
                }
                // A new run: announced afresh, once.
                self.last.insert(id.clone(), 0);
                self.quiet.remove(&id);
                if let Some(frozen) = self.frozen.get_mut(&id) {
                    *frozen = 0;
                }
                self.resumed.insert(id);
                self.env.resumes += 1;
            }
        }
    }

    fn track(&mut self, parent: u8, again: u8, key: u8) {
        let Some(parent) = self.pick_parent(parent) else { return };
        self.launches += 1;
        let n = self.launches;
        let tracked: Vec<usize> = (0..self.tasks.len()).filter(|i| self.tasks[*i].id.starts_with("trk_")).collect();
        let (task_id, session_id) = match again % 4 {
            0 if !tracked.is_empty() => {
                // The same session tracked again, now for `parent`.
                let rec = &self.tasks[tracked[again as usize / 4 % tracked.len()]];
                let Ok(view) = self.env.m.get(&rec.parent, &rec.id) else { return };
                // Only a session that still exists can be working again.
                let Some(session) = view.session_id.filter(|s| self.env.exists(s)) else { return };
                (rec.id.clone(), session)
            }
            1 if !self.env.children().is_empty() => {
                // A session that already belongs to a task: refused.
                let children = self.env.children();
                (format!("trk_{n}"), children[again as usize % children.len()].clone())
            }
            _ => {
                let session = self.env.start_external(&parent);
                (format!("trk_{n}"), session)
            }
        };
        let req = TrackRequest {
            task_id: task_id.clone(),
            session_id,
            parent_session_id: parent.clone(),
            description: format!("tracked {n}"),
            agent: AGENTS[key as usize % AGENTS.len()].into(),
            concurrency_key: match key % 3 {
                0 => None,
                1 => Some(String::new()),
                _ => Some("openai/gpt-a".into()),
            },
        };
        let r = self.env.m.track(self.env.now, req);
        self.env.note(|| format!("track {task_id} -> {r:?}"));
        self.env.drain();
        if let Ok(view) = r {
            assert_eq!(view.id, task_id);
            if self.gone.contains(&task_id) {
                // Its task had left the live table: tracking it again starts a new run.
                self.gone.remove(&task_id);
                self.last.insert(task_id.clone(), 0);
                self.quiet.remove(&task_id);
                self.frozen.remove(&task_id);
            }
            match self.tasks.iter_mut().find(|t| t.id == task_id) {
                // A task that has not ended moves to the new parent; an ended one stays put.
                Some(rec) => {
                    if view.status.is_terminal() {
                        assert_eq!(view.parent_session_id, rec.parent, "an ended task changed parent");
                    } else {
                        assert_eq!(view.parent_session_id, parent, "a running task did not move");
                        rec.parent = parent;
                    }
                }
                None => self.tasks.push(TaskRec { id: task_id, parent }),
            }
        }
    }

    fn query(&mut self, task: u8, caller: u8) {
        let rec = self.pick_task(task);
        let caller = self.caller_for(rec, caller);
        let id = rec.map_or_else(|| "bg_00000000".to_string(), |t| t.id.clone());
        let now = self.env.now;
        let m = &self.env.m;
        let got = m.get(&caller, &id);
        let _ = m.launch_text(&id);
        let _ = m.resume_text(&id);
        let _ = m.settled(&caller, &id);
        let _ = m.descendants(&caller);
        let _ = m.finished(&caller);
        let _ = m.running();
        let _ = m.cancel_text(std::slice::from_ref(&id));
        let _ = m.list(&caller);
        let _ = m.list_text(now, &caller, Page::default());
        let _ = m.compaction_context(&caller);
        let _ = m.slot_usage();
        let summary = format!("query {id} by {caller} -> {:?}", got.map(|v| v.status));
        self.env.note(|| summary);
        // Reads that deliver: the parent reading an ended run's result (one task, or a wait's
        // reply about its default targets) is told of it, and no notice may announce it again.
        let m = &mut self.env.m;
        let before = m.announcements(&id);
        let read = m.output_text(now, &caller, &id, OutputPage::default());
        if m.announcements(&id) != before {
            assert!(read.is_ok(), "a refused read delivered {id}");
            bump(|s| s.read_delivered += 1);
        }
        if let Ok(targets) = m.wait_targets(&caller, &[]) {
            let before: Vec<Option<u32>> = targets.iter().map(|t| m.announcements(t)).collect();
            let reply = m.wait_text(now, &caller, &targets);
            let after: Vec<Option<u32>> = targets.iter().map(|t| m.announcements(t)).collect();
            let delivered = before.iter().zip(&after).filter(|(b, a)| b != a).count() as u64;
            if delivered > 0 {
                assert!(reply.is_ok(), "a refused wait delivered");
                bump(|s| s.read_delivered += delivered);
            }
        }
    }

    /// `background_reply` to a task's child: whatever it waits on (or nothing), the answer is
    /// refused, sent, or found needless; a sent one is one reply call.
    fn answer(&mut self, task: u8, caller: u8, kind: u8) {
        let rec = self.pick_task(task);
        let caller = self.caller_for(rec, caller);
        let id = rec.map_or_else(|| "bg_00000000".to_string(), |t| t.id.clone());
        // Mostly, the child has just asked (a permission or a question) when the answer comes.
        let view = rec.and_then(|t| self.env.m.get(&t.parent, &t.id).ok());
        let session = view.filter(|v| v.status == TaskStatus::Running).and_then(|v| v.session_id);
        if let Some(s) = session.filter(|s| self.env.exists(s) && !self.env.deleted.contains(s)) {
            match kind / 4 % 3 {
                0 => self.env.deliver(permission_event(&s, "bash", "rm -rf /tmp/x")),
                1 => self.env.deliver(question_event(&s)),
                _ => {}
            }
        }
        let answer = match kind % 4 {
            0 => Answer::Once,
            1 => Answer::Reject { message: None },
            2 => Answer::Reject { message: Some("no".into()) },
            _ => Answer::Answers(vec!["a".into()]),
        };
        let replies = |env: &Env| {
            let is_reply = |r: &SdkRequest| {
                matches!(
                    r,
                    SdkRequest::ReplyPermission { .. }
                        | SdkRequest::ReplyQuestion { .. }
                        | SdkRequest::RejectQuestion(_)
                )
            };
            env.pending.iter().filter(|(_, r)| is_reply(r)).count()
        };
        self.env.drain();
        let calls = replies(&self.env);
        let now = self.env.now;
        let reply = self.env.m.reply(now, &caller, &id, answer);
        self.env.drain();
        let sent = replies(&self.env).saturating_sub(calls);
        match &reply {
            Ok(r) if r.output.starts_with("Replied") => {
                assert_eq!(sent, 1, "one reply call per answer: {}", r.output);
                bump(|s| s.answered += 1);
            }
            Ok(r) => assert!(sent == 0 && r.output.starts_with("Nothing to answer"), "{}", r.output),
            Err(_) => assert_eq!(sent, 0, "a refused answer sent something"),
        }
        let summary =
            format!("answer {id} by {caller} -> {:?}", reply.map(|r| r.output.chars().take(40).collect::<String>()));
        self.env.note(|| summary);
    }

    fn apply(&mut self, op: &Op) {
        match *op {
            Op::Launch { parent, agent, model, fallback, entropy } => {
                self.launch(parent, agent, model, fallback, entropy)
            }
            Op::Cancel { task, caller, abort, notify } => self.cancel(task, caller, abort, notify),
            Op::CancelAll { parent, abort, notify } => self.cancel_all(parent, abort, notify),
            Op::Reply { call, mode } => {
                self.env.answer(call as usize, mode);
            }
            Op::StrayReply { call, ok } => {
                let id = if self.env.answered.is_empty() {
                    u64::from(call) << 20
                } else {
                    self.env.answered[call as usize % self.env.answered.len()]
                };
                let reply = if ok { Ok("{}".to_string()) } else { Err(sdk_error(call)) };
                self.env.complete_raw(id, reply);
            }
            Op::ChildTurn { child, turn, events } => {
                if let Some(s) = self.pick_child(child) {
                    self.env.end_turn(&s, turn, events);
                }
            }
            Op::Busy { child } => {
                if let Some(s) = self.pick_child(child) {
                    self.env.busy(&s);
                }
            }
            Op::Mute { child } => {
                if let Some(s) = self.pick_child(child) {
                    self.env.mute.insert(s.clone());
                    self.env.end_turn(&s, Turn::Empty, 0b111);
                }
            }
            Op::Todos { child, open, done } => {
                if let Some(s) = self.pick_child(child) {
                    self.env.set_todos(&s, todos_value(open, done));
                }
            }
            Op::Event { target, ev, times } => self.event(target, ev, times),
            Op::Delete { session, parents_first } => self.delete(session, parents_first),
            Op::Advance { ms, precise } => self.env.advance(ms, precise),
            Op::Tick => self.env.tick(),
            Op::Inject { parent } => {
                // Only a session that exists gets user messages (or one the core never saw).
                let s = self.pick_target(parent);
                if self.env.exists(&s) || !self.env.deleted.contains(&s) {
                    self.env.take_injection(&s);
                }
            }
            Op::Restore => {
                self.restores += 1;
                self.env.restore();
            }
            Op::ShutdownRestart => {
                self.restores += 1;
                let persisted = self.env.shutdown();
                self.env.restore_from(&persisted);
            }
            Op::Query { task, caller } => self.query(task, caller),
            Op::Resume { task, caller, by_session, prompt, via } => self.resume(task, caller, by_session, prompt, via),
            Op::Track { parent, again, key } => self.track(parent, again, key),
            Op::Answer { task, caller, kind } => self.answer(task, caller, kind),
        }
    }

    /// Everything settles: calls answered for real, children finish with real output, time
    /// passes every deadline (or, `until_settled`, until every task ended and every notice
    /// owed went out).
    fn quiesce(&mut self, until_settled: bool) {
        let horizon = self.env.now + 40 * 60_000;
        for _round in 0..5_000 {
            let mut answered = 0;
            while !self.env.pending.is_empty() {
                answered += 1;
                assert!(answered < 50_000, "the core keeps making calls while they are all answered");
                self.env.answer(0, ReplyMode::Real);
                self.check(&"quiescence: answer");
            }
            for i in 0..self.tasks.len() {
                let (id, parent) = (self.tasks[i].id.clone(), self.tasks[i].parent.clone());
                let Ok(view) = self.env.m.get(&parent, &id) else { continue };
                let Some(session) = view.session_id.filter(|s| self.env.exists(s)) else { continue };
                if view.status != TaskStatus::Running {
                    continue;
                }
                let s = &self.env.sessions[&session];
                let done = !s.busy && s.messages.last().is_some_and(has_final_text);
                if self.env.mute.contains(&session) {
                    // It never answers: the core must find it idle without an answer, ask it
                    // once, and fail it (an idle child's events are not needed for that).
                    if s.busy {
                        self.env.end_turn(&session, Turn::Empty, 0b111);
                    }
                } else if done {
                    self.env.deliver(idle_event(&session));
                } else {
                    self.env.end_turn(&session, Turn::Text, 0b111);
                }
                self.check(&"quiescence: child finished");
            }
            if !self.cfg.notify_parent {
                for s in self.env.ever.clone() {
                    if self.env.exists(&s) {
                        self.env.take_injection(&s);
                        self.check(&"quiescence: injection");
                    }
                }
            }
            if !self.env.pending.is_empty() {
                continue;
            }
            if until_settled && self.settled() {
                // Stop before retention moves ended tasks out (a second life may resume them).
                break;
            }
            match self.env.timer {
                Some(at) if at <= horizon => {
                    self.env.now = self.env.now.max(at);
                    self.env.fire();
                    self.check(&"quiescence: timer");
                }
                _ => break,
            }
        }
    }

    /// Every task ended, and every announcement owed so far was made.
    fn settled(&self) -> bool {
        self.tasks.iter().all(|t| {
            let ended =
                self.gone.contains(&t.id) || self.env.m.get(&t.parent, &t.id).is_ok_and(|v| v.status.is_terminal());
            let owed = !(self.quiet.contains(&t.id) || self.frozen.contains_key(&t.id));
            ended && (!owed || self.last.get(&t.id) == Some(&1))
        })
    }

    fn final_checks(&mut self) {
        for t in &self.tasks {
            match self.env.m.get(&t.parent, &t.id) {
                Ok(view) => {
                    assert!(
                        view.status.is_terminal(),
                        "{} is still {:?} after quiescence: {view:?}",
                        t.id,
                        view.status
                    );
                    if view.error.as_deref().is_some_and(|e| e.starts_with("Budget exceeded")) {
                        bump(|s| s.budget_stopped += 1);
                    }
                    if view.error.as_deref().is_some_and(|e| e.starts_with("Not run: prerequisite")) {
                        bump(|s| s.skipped_by_prerequisite += 1);
                    }
                    if self.dependents.contains(&t.id) && view.status == TaskStatus::Completed {
                        bump(|s| s.completed_after += 1);
                    }
                    assert!(view.waiting_for.is_empty(), "{} still waits after quiescence: {view:?}", t.id);
                }
                Err(e) => {
                    assert!(self.gone.contains(&t.id), "{} is unknown to the core but was never archived: {e}", t.id)
                }
            }
            let n = self.last.get(&t.id).copied().unwrap_or(0);
            if self.quiet.contains(&t.id) {
                bump(|s| s.quiet += 1);
                assert_eq!(n, 0, "{} was cancelled quietly", t.id);
            } else if self.frozen.contains_key(&t.id) {
                bump(|s| s.parent_deleted += 1);
                assert!(n <= 1);
            } else {
                bump(|s| s.announced_once += 1);
                assert_eq!(n, 1, "{} (parent {}) was announced {n} times after quiescence", t.id, t.parent);
            }
        }
        assert_eq!(self.env.m.slot_usage(), vec![], "slots or queue entries are left");
        let snapshot: serde_json::Value = serde_json::from_str(&self.env.m.snapshot()).expect("snapshot is JSON");
        assert_eq!(snapshot["slots"]["keys"], serde_json::json!({}), "the snapshot still holds slots");
        assert!(self.env.pending.is_empty(), "calls left unanswered: {:?}", self.env.pending);

        // Nothing is left to do: the core falls silent (and archives the ended tasks).
        self.env.calls_made = 0;
        for _ in 0..45 {
            self.env.advance(60_000, true);
            self.check(&"quiet period");
        }
        assert_eq!(self.env.calls_made, 0, "the core kept calling once everything ended: {:?}", self.env.pending);

        let unanswered = self
            .tasks
            .iter()
            .filter_map(|t| self.env.m.get(&t.parent, &t.id).ok())
            .filter(|v| v.error.as_deref().is_some_and(|e| e.starts_with("The sub-agent stopped without answering")))
            .count() as u64;
        let timeouts = self.env.timeouts;
        bump(|s| {
            s.failed_unanswered += unanswered;
            s.calls_timed_out += timeouts;
        });
        let (tasks, restores, resumed) = (self.tasks.len() as u64, u64::from(self.restores), self.resumed.len() as u64);
        bump(|s| {
            s.tasks += tasks;
            s.restores += restores;
            s.resumed += resumed;
        });
        for s in self.env.sessions.values() {
            let continued = s
                .messages
                .iter()
                .filter(|m| m["parts"][0]["text"].as_str().is_some_and(|t| t.starts_with("Your run was interrupted")))
                .count() as u64;
            bump(|s| s.continued += continued);
            let asked = s
                .messages
                .iter()
                .filter(|m| m["parts"][0]["text"].as_str().is_some_and(|t| t.starts_with("You stopped without giving")))
                .count() as u64;
            bump(|s| s.asked_for_answer += asked);
            let mut seen = BTreeSet::new();
            if s.received.iter().any(|(text, _, resumes)| !seen.insert((text, resumes))) {
                bump(|s| s.duplicate_notice_texts += 1);
            }
        }
    }
}

/// Runs one case; `second_life` picks the tasks resumed after the first quiescence. Returns the
/// effect trace.
fn run(cfg: &Cfg, ops: &[Op], second_life: u64, tracing: bool) -> Vec<String> {
    let mut model = Model::new(cfg, tracing);
    model.check(&"start");
    for op in ops {
        model.apply(op);
        model.check(op);
    }
    model.quiesce(true);
    // A second life: some ended tasks are resumed by their parents, others by the root of their
    // tree (which takes a nested task over), and everything settles again. Each resumed run must
    // be announced exactly once more, to whoever resumed it.
    for i in 0..model.tasks.len() {
        if second_life >> (i % 64) & 1 == 1 {
            let caller = if i % 3 == 2 { 2 } else { 0 };
            model.resume_at(i, caller, i % 2 == 0, 5, Via::Resume);
            model.check(&"second life: resume");
        }
    }
    model.quiesce(false);
    model.final_checks();
    model.env.trace
}

/// Runs a property and prints what it covered.
fn check_property<S: Strategy>(
    name: &str,
    cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) where
    S::Value: std::fmt::Debug,
{
    let counted = |value| {
        bump(|s| s.cases += 1);
        test(value)
    };
    run_property(name, cases, 2_000, strategy, counted, || STATS.with(|s| format!("{:?}", s.borrow())));
}

fn cases(default: u32) -> u32 {
    cases_from_env("MODEL_CASES", default)
}

/// The model: invariants after every step, exactly-once announcements, quiescence.
#[test]
fn model_short_runs() {
    let strategy = (cfg_strategy(), proptest::collection::vec(op_strategy(), 1..60), any::<u64>());
    check_property("model_short_runs", cases(3000), strategy, |(cfg, ops, second_life)| {
        run(&cfg, &ops, second_life, false);
        Ok(())
    });
}

/// Longer runs, each run twice on fresh managers: the effect traces must be identical.
#[test]
fn model_long_runs_are_deterministic() {
    let strategy = (cfg_strategy(), proptest::collection::vec(op_strategy(), 60..250), any::<u64>());
    check_property("model_long_runs_are_deterministic", cases(200), strategy, |(cfg, ops, second_life)| {
        let first = run(&cfg, &ops, second_life, true);
        let second = run(&cfg, &ops, second_life, true);
        for (i, (a, b)) in first.iter().zip(&second).enumerate() {
            if a != b {
                return Err(TestCaseError::fail(format!("effect #{i} differs:\n{a}\n{b}")));
            }
        }
        prop_assert_eq!(first.len(), second.len(), "the traces differ in length");
        Ok(())
    });
}

// ------------------------------------------------------------------ regressions found by the model

fn simple_request(parent: &str, n: u32) -> LaunchRequest {
    LaunchRequest {
        parent_session_id: parent.into(),
        description: format!("job {n}"),
        prompt: format!("task prompt #{n}"),
        agent: "general".into(),
        ..LaunchRequest::default()
    }
}

/// Answers everything for real and moves time far ahead, twice over.
fn settle(env: &mut Env) {
    for _ in 0..50 {
        env.answer_all(1_000);
        env.advance(5_000, true);
    }
    env.answer_all(1_000);
}

#[test]
fn shutdown_right_after_a_task_ends_loses_its_notice() {
    let mut env = Env::new("{}");
    let t = env.launch([1; 16], simple_request(ROOTS[0], 1)).unwrap();
    let notify = CancelOptions { abort_session: true, notify_parent: true };
    env.cancel(ROOTS[0], &t.id, notify).unwrap();
    // The task waits in the parent's coalescing window (100 ms) when the plugin shuts down.
    env.shutdown_and_restart();
    env.check("restart");
    settle(&mut env);
    assert_eq!(env.m.announcements(&t.id), Some(1), "the restarted core never announces the task");
}

#[test]
fn timer_firing_a_millisecond_early_stalls_the_core() {
    // (Without the view's publish deadline, the coalescing deadline is the earliest.)
    let mut env = Env::new(r#"{"publishTasks": false}"#);
    let t = env.launch([1; 16], simple_request(ROOTS[0], 1)).unwrap();
    env.answer_all(10);
    let notify = CancelOptions { abort_session: true, notify_parent: true };
    env.cancel(ROOTS[0], &t.id, notify).unwrap();
    // The coalescing deadline is 100 ms away. Node's setTimeout may run its callback when
    // Date.now() still reads a millisecond before the deadline: nothing is due yet.
    let deadline = env.timer.expect("a coalescing deadline");
    env.now = deadline - 1;
    env.fire();
    assert_eq!(env.timer, Some(deadline), "the consumed host timer must be set again");
    settle(&mut env);
    assert_eq!(env.m.announcements(&t.id), Some(1), "the notice never goes out");
}

/// Found against an earlier core, where such a task ran forever. The first status poll misses
/// the session, its messages read 404, and that ends the task.
#[test]
fn vanished_child_session_without_deletion_event_ends() {
    let mut env = Env::new("{}");
    let t = env.launch([1; 16], simple_request(ROOTS[0], 1)).unwrap();
    env.answer_all(10);
    let child = env.m.get(ROOTS[0], &t.id).unwrap().session_id.expect("the child session");
    // The session goes away and its session.deleted event is lost (dropped by the host, or
    // emitted while the plugin was down). The status poll no longer lists it and every
    // `session.messages` read of it fails with 404.
    env.sessions.remove(&child);
    env.calls_made = 0;
    let vanished = env.now;
    for _ in 0..4 {
        env.answer_all(1_000);
        env.advance(5_000, true);
    }
    let view = env.m.get(ROOTS[0], &t.id).unwrap();
    assert_eq!(view.status, TaskStatus::Cancelled, "20 s after its session vanished: {view:?}");
    let ended_after = view.completed_at.unwrap() - vanished;
    assert!(
        ended_after <= 10_000,
        "ended {ended_after} ms after the session vanished (poll every 3 s, minimum runtime 5 s)"
    );
    assert_eq!(env.m.slot_usage(), vec![], "its slot is still held");
}

/// Found against an earlier core (the todo-grace deadline died with the shutdown and the task
/// stayed held forever); shutdown now suspends running tasks and the restart continues them.
#[test]
fn shutdown_while_held_by_todos_still_completes() {
    let mut env = Env::new(r#"{"minRuntimeMs": 0}"#);
    let t = env.launch([1; 16], simple_request(ROOTS[0], 1)).unwrap();
    env.answer_all(10);
    let child = env.m.get(ROOTS[0], &t.id).unwrap().session_id.expect("the child session");
    env.set_todos(&child, todos_value(1, 0));
    env.end_turn(&child, Turn::Text, 0b111);
    env.answer_all(10);
    assert_eq!(env.m.get(ROOTS[0], &t.id).unwrap().status, TaskStatus::Running, "held back by the open todo");
    env.shutdown_and_restart();
    env.check("restart");
    for _ in 0..60 {
        env.answer_all(1_000);
        if env.sessions[&child].busy {
            // The child continues after the restart and ends its turn, the todo still open.
            env.end_turn(&child, Turn::Text, 0b111);
        }
        env.advance(10_000, true);
    }
    let view = env.m.get(ROOTS[0], &t.id).unwrap();
    assert_eq!(view.status, TaskStatus::Completed, "10 minutes after restart (todo grace is 2 minutes): {view:?}");
    assert_eq!(env.m.announcements(&t.id), Some(1));
}

/// Found by the model: an id the archive had forgotten went to a new task, the old parent still
/// listed it, and deleting the old parent cancelled the new, unrelated task.
#[test]
fn a_reused_task_id_belongs_only_to_its_new_task() {
    let mut env = Env::new(r#"{"archiveSize": 0, "retentionMs": 1000}"#);
    let entropy = [0xd0; 16];
    let old = env.launch(entropy, simple_request(ROOTS[1], 1)).unwrap();
    env.cancel(ROOTS[1], &old.id, CancelOptions::default()).unwrap();
    settle(&mut env);
    assert_eq!(env.m.announcements(&old.id), None, "announced, retained 1 s, then dropped (archive size 0)");
    // The same id is free again; a task of another session gets it.
    let new = env.launch(entropy, simple_request(ROOTS[2], 2)).unwrap();
    assert_eq!(new.id, old.id);
    env.answer_all(10);
    let listed_by_old_parent = env.m.list(ROOTS[1]).len();
    env.delete(ROOTS[1], false);
    let view = env.m.get(ROOTS[2], &new.id).unwrap();
    assert_eq!(
        (listed_by_old_parent, view.status),
        (0, TaskStatus::Running),
        "the old parent lists the new task, and deleting it cancels the new task: {:?}",
        view.error
    );
    env.check("the old parent was deleted");
}

/// Found by the model: a task resumed inside the coalescing window of its end was announced as
/// still running ("UPDATE"), then again when the resumed run ended.
#[test]
fn resume_before_the_notice_supersedes_the_ended_run() {
    let mut env = Env::new(r#"{"notifyParent": false, "minRuntimeMs": 0}"#);
    let t = env.launch([1; 16], simple_request(ROOTS[0], 1)).unwrap();
    env.answer_all(10);
    // Cancelled, and resumed before its notice went out (within the 100 ms coalescing window).
    env.cancel(ROOTS[0], &t.id, CancelOptions::default()).unwrap();
    env.m.resume(env.now, ROOTS[0], &t.id, "go on after all").unwrap();
    env.drain();
    env.answer_all(10);
    env.advance(1_000, true);
    let first = env.take_injection(ROOTS[0]).unwrap_or_default();
    let child = env.m.get(ROOTS[0], &t.id).unwrap().session_id.unwrap();
    env.end_turn(&child, Turn::Text, 0b111);
    env.answer_all(10);
    env.advance(1_000, true);
    let second = env.take_injection(ROOTS[0]).unwrap_or_default();
    env.check("the resumed run ended");
    assert_eq!(first, "", "a notice about the task while it was running again");
    assert!(second.contains(&t.id) && second.contains("COMPLETE"), "the resumed run's end: {second}");
    assert_eq!(env.m.announcements(&t.id), Some(1));
}

/// A request to track `session` as task `id` of `parent` (agent `general`, its own key).
fn tracked(id: &str, session: &str, parent: &str) -> TrackRequest {
    TrackRequest {
        task_id: id.into(),
        session_id: session.into(),
        parent_session_id: parent.into(),
        description: "tracked".into(),
        agent: "general".into(),
        concurrency_key: None,
    }
}

/// Found by the model: a tracked task moved to another parent was still cancelled, quietly,
/// when its former parent was deleted.
#[test]
fn a_moved_task_is_not_cancelled_with_its_former_parent() {
    let mut env = Env::new("{}");
    let session = env.start_external(ROOTS[0]);
    let track = |parent: &str| tracked("trk_1", &session, parent);
    env.m.track(env.now, track(ROOTS[0])).unwrap();
    // Tracked again for another session: that one is told about its end from now on.
    env.m.track(env.now, track(ROOTS[1])).unwrap();
    env.drain();
    env.deliver(deleted_event(ROOTS[0]));
    env.check("the former parent was deleted");
    let view = env.m.get(ROOTS[1], "trk_1").unwrap();
    assert_eq!(view.status, TaskStatus::Running, "cancelled with the former parent: {:?}", view.error);
    assert_eq!((env.m.list(ROOTS[0]).len(), env.m.list(ROOTS[1]).len()), (0, 1), "listed by its new parent only");
}

fn modelled_request(parent: &str, n: u32, model: (&str, &str), fallback: &[(&str, &str)]) -> LaunchRequest {
    let model_ref = |(p, m): (&str, &str)| ModelRef { provider_id: p.into(), model_id: m.into(), variant: None };
    LaunchRequest {
        model: Some(model_ref(model)),
        fallback: fallback.iter().map(|m| model_ref(*m)).collect(),
        ..simple_request(parent, n)
    }
}

fn answer_first(env: &mut Env, pred: impl Fn(&SdkRequest) -> bool) -> CallId {
    let i = env.pending.iter().position(|(_, r)| pred(r)).expect("a matching pending call");
    let id = env.pending[i].0;
    env.answer(i, ReplyMode::Real);
    id
}

/// Found by the model: replies to an earlier attempt's calls were applied to the fallback
/// attempt (a second fallback, a stale session index).
#[test]
fn late_replies_of_an_earlier_attempt_after_a_fallback() {
    let mut env = Env::new(r#"{"modelConcurrency": {"openai/gpt-a": 1}}"#);
    // `busy` holds the only openai/gpt-a slot.
    let busy = env.launch([1; 16], modelled_request(ROOTS[0], 1, ("openai", "gpt-a"), &[])).unwrap();
    let t = env
        .launch(
            [2; 16],
            modelled_request(ROOTS[0], 2, ("openai", "gpt-b"), &[("anthropic", "claude"), ("openai", "gpt-a")]),
        )
        .unwrap();
    while env.pending.iter().any(|(_, r)| matches!(r, SdkRequest::GetSession(_) | SdkRequest::ListAgents)) {
        answer_first(&mut env, |r| matches!(r, SdkRequest::GetSession(_) | SdkRequest::ListAgents));
    }
    answer_first(&mut env, |r| matches!(r, SdkRequest::CreateSession { title, .. } if title.starts_with("job 2")));
    let first = env.m.get(ROOTS[0], &t.id).unwrap().session_id.unwrap();
    // Attempt 1 is rate limited while its prompt is still in flight: fall back to claude.
    env.deliver(retry_event(&first, 1, "Rate limited", T0));
    assert_eq!(env.m.get(ROOTS[0], &t.id).unwrap().model.unwrap().model_id, "claude");
    // Attempt 1's prompt now fails late (a timeout): that is attempt 1's news, not attempt 2's.
    let prompt = env
        .pending
        .iter()
        .position(|(_, r)| matches!(r, SdkRequest::PromptSession(p) if p.session_id == first))
        .unwrap();
    let (id, _) = env.pending.remove(prompt);
    env.complete_raw(id, Err(sdk_error(6)));
    let model = env.m.get(ROOTS[0], &t.id).unwrap().model.unwrap().model_id;
    // Attempt 2's session arrives; later attempt 3 (if any) gets its own.
    answer_first(&mut env, |r| matches!(r, SdkRequest::CreateSession { title, .. } if title.starts_with("job 2")));
    env.cancel(ROOTS[0], &busy.id, CancelOptions::default()).unwrap();
    env.answer_all(20);
    env.check("the attempts' sessions arrived");
    assert_eq!(model, "claude", "a late reply to attempt 1 made attempt 2 fall back too");
}

#[test]
fn notice_to_a_session_that_does_not_exist_is_retried_forever() {
    let mut env = Env::new("{}");
    // A launch from a session OpenCode does not know: refused once its lineage lookup 404s,
    // and the refusal is owed to that same session as a notice.
    let req = LaunchRequest { parent_session_id: "ses_nowhere".into(), ..simple_request(ROOTS[0], 1) };
    let t = env.launch([1; 16], req).unwrap();
    env.answer_all(10);
    assert_eq!(env.m.get("ses_nowhere", &t.id).unwrap().status, TaskStatus::Error);
    // One delivery attempt (read the parent, then prompt it: 404), then the notice is dropped
    // (the other calls: the agent list and the lookup).
    for _ in 0..3 {
        env.answer_all(100);
        env.advance(60_000, true);
    }
    // (And one publish of its view into the session's metadata: 404 too, not retried.)
    assert!(env.calls_made <= 5, "one attempt: {} calls", env.calls_made);
    env.calls_made = 0;
    for _ in 0..60 {
        env.answer_all(100);
        env.advance(60_000, true);
    }
    assert_eq!(env.calls_made, 0, "an hour later the core still prompts the missing session: {:?}", env.pending);
}

/// Found by the model: resume re-created a deleted parent's bookkeeping, and the new run's notice
/// was retried forever. Resume refuses now: nobody would hear of the new run.
#[test]
fn resuming_a_task_of_a_deleted_parent_is_refused() {
    let mut env = Env::new(r#"{"restrictToLineage": false, "minRuntimeMs": 0}"#);
    let t = env.launch([1; 16], simple_request(ROOTS[0], 1)).unwrap();
    env.answer_all(10);
    let child = env.m.get(ROOTS[0], &t.id).unwrap().session_id.unwrap();
    env.end_turn(&child, Turn::Text, 0b111);
    settle(&mut env);
    assert_eq!(env.m.announcements(&t.id), Some(1));
    // The parent goes away (its child session is kept here: say it was moved elsewhere).
    env.sessions.remove(ROOTS[0]);
    env.deliver(deleted_event(ROOTS[0]));
    // Another session tries to continue the task: its notice would be owed to the deleted parent.
    let refused = env.m.resume(env.now, ROOTS[1], &t.id, "one more thing");
    assert!(
        matches!(&refused, Err(RequestError::Conflict(m)) if m.contains("no longer exists")),
        "resume of a task whose parent was deleted: {refused:?}"
    );
    env.drain();
    env.check("refused resume");
    assert_eq!(env.m.get(ROOTS[1], &t.id).unwrap().status, TaskStatus::Completed, "the task is left as it was");
    env.calls_made = 0;
    for _ in 0..60 {
        env.answer_all(100);
        env.advance(60_000, true);
    }
    assert_eq!(env.calls_made, 0, "calls after the refused resume: {:?}", env.pending);
    assert_eq!(env.m.announcements(&t.id), None, "the ended task left the live table on time");
}

/// Found by the model: a tracked session that does not exist (every read 404s) was polled and
/// re-read forever. The first 404 on reading its messages ends the task.
#[test]
fn tracked_session_that_does_not_exist_ends_at_the_first_read() {
    let mut env = Env::new(r#"{"minRuntimeMs": 0}"#);
    env.m.track(env.now, tracked("trk_1", "ses_never_was", ROOTS[0])).unwrap();
    env.drain();
    for _ in 0..3 {
        env.answer_all(10);
        env.advance(3_000, true);
    }
    let view = env.m.get(ROOTS[0], "trk_1").unwrap();
    assert_eq!(view.status, TaskStatus::Cancelled);
    assert!(view.error.as_deref().is_some_and(|e| e.contains("no longer exists")), "{:?}", view.error);
    settle(&mut env);
    assert_eq!(env.m.announcements("trk_1"), Some(1), "the parent is told once");
    assert_eq!(env.m.slot_usage(), vec![]);
}

/// Found by the model: a deleted parent's outbox still held a notice about a task's earlier run;
/// the task had since been resumed and moved to another parent, and its new run's end was owed
/// there. Dropping the outbox started the task's retention as if nothing were owed.
#[test]
fn deleting_a_former_parent_does_not_expire_what_the_new_parent_is_owed() {
    let mut env = Env::new(r#"{"notifyParent": false, "coalesceMs": 0, "retentionMs": 5000}"#);
    let session = env.start_external(ROOTS[0]);
    let track = |parent: &str| tracked("trk_1", &session, parent);
    env.m.track(env.now, track(ROOTS[0])).unwrap();
    env.drain();
    // Run 1 ends; its notice waits in ROOTS[0]'s outbox (prompts are off: injection only).
    env.cancel(ROOTS[0], "trk_1", CancelOptions { abort_session: false, notify_parent: true }).unwrap();
    env.advance(10, true);
    // Run 2 starts and moves to ROOTS[1]; then it ends too, owed to ROOTS[1].
    env.m.resume(env.now, ROOTS[0], "trk_1", "again").unwrap();
    env.drain();
    env.m.track(env.now, track(ROOTS[1])).unwrap();
    env.drain();
    env.cancel(ROOTS[1], "trk_1", CancelOptions { abort_session: false, notify_parent: true }).unwrap();
    env.answer_all(10);
    env.deliver(deleted_event(ROOTS[0]));
    env.advance(60_000, true);
    env.check("a minute after the former parent was deleted");
    assert_eq!(env.m.announcements("trk_1"), Some(0), "left the live table before ROOTS[1] heard of it");
    let notice = env.take_injection(ROOTS[1]).unwrap_or_default();
    assert!(notice.contains("trk_1"), "{notice}");
    assert_eq!(env.m.announcements("trk_1"), Some(1));
}

/// Answers pending calls for real (and lets time pass) until a notice prompt to `parent` is
/// pending; returns its index.
fn until_notice_prompt(env: &mut Env, parent: &str) -> usize {
    for _ in 0..200 {
        let notice = |r: &SdkRequest| matches!(r, SdkRequest::PromptSession(p) if p.session_id == parent);
        if let Some(i) = env.pending.iter().position(|(_, r)| notice(r)) {
            return i;
        }
        if !env.answer(0, ReplyMode::Real) {
            env.advance(500, true);
        }
    }
    panic!("no notice prompt to {parent}: {:?}", env.pending);
}

/// A parent with one finished task whose notice prompt is pending; returns the task and the
/// prompt's index.
fn notice_in_flight(env: &mut Env) -> (TaskView, usize) {
    let t = env.launch([1; 16], simple_request(ROOTS[0], 1)).unwrap();
    env.answer_all(10);
    let child = env.m.get(ROOTS[0], &t.id).unwrap().session_id.unwrap();
    env.end_turn(&child, Turn::Text, 0b111);
    let i = until_notice_prompt(env, ROOTS[0]);
    (t, i)
}

/// Before each prompt the core reads the parent's newest messages: a notice that got through
/// though its reply was lost (a timeout after the fact) is found there and not sent again.
#[test]
fn a_notice_that_arrived_though_its_reply_was_lost_is_not_sent_again() {
    let mut env = Env::new(r#"{"minRuntimeMs": 0}"#);
    let (t, prompt) = notice_in_flight(&mut env);
    env.answer(prompt, ReplyMode::ActThenFail(0));
    settle(&mut env);
    let received: Vec<&String> = env.sessions[ROOTS[0]].received.iter().map(|(text, ..)| text).collect();
    assert_eq!(received.len(), 1, "the parent read the notice {} times: {received:?}", received.len());
    assert_eq!(env.m.announcements(&t.id), Some(1));
}

/// The same across a restart: the prompt reached OpenCode, then the plugin died before the
/// reply; the restored manager finds the notice in the parent and does not send it again.
#[test]
fn a_notice_in_flight_at_a_restart_is_not_sent_again() {
    let mut env = Env::new(r#"{"minRuntimeMs": 0}"#);
    let (t, prompt) = notice_in_flight(&mut env);
    let snapshot = env.m.snapshot();
    env.answer(prompt, ReplyMode::Real);
    env.restore_from(&snapshot);
    settle(&mut env);
    assert_eq!(env.sessions[ROOTS[0]].received.len(), 1, "sent again after the restart");
    assert_eq!(env.m.announcements(&t.id), Some(1));
}

/// A resumed task's second run can end with a notice worded exactly like the first one's: it is
/// still sent (only messages since a notice's own first attempt count as that notice).
#[test]
fn a_second_run_with_the_same_notice_text_is_still_announced() {
    let mut env = Env::new(r#"{"minRuntimeMs": 0}"#);
    let (t, prompt) = notice_in_flight(&mut env);
    env.answer(prompt, ReplyMode::Real);
    settle(&mut env);
    env.m.resume(env.now, ROOTS[0], &t.id, "again").unwrap();
    env.drain();
    env.answer_all(10);
    let child = env.m.get(ROOTS[0], &t.id).unwrap().session_id.unwrap();
    // (No message.updated for this turn: its usage would change the totals the notice shows.)
    env.end_turn(&child, Turn::Text, 0b110);
    // Its first prompt fails before reaching OpenCode; the retry must not take the first run's
    // notice, word for word the same, for its own.
    let prompt = until_notice_prompt(&mut env, ROOTS[0]);
    env.answer(prompt, ReplyMode::Fail(0));
    settle(&mut env);
    let received: Vec<&String> = env.sessions[ROOTS[0]].received.iter().map(|(text, ..)| text).collect();
    assert_eq!(received.len(), 2, "one notice per run: {received:?}");
    assert_eq!(received[0], received[1], "the test needs both runs' notices to read the same");
    assert_eq!(env.m.announcements(&t.id), Some(1));
}

/// A plugin reload keeps the server: the old instance's notice prompt can land after the new
/// instance started. The new one waits a moment before it looks, so it finds the notice there.
#[test]
fn a_notice_prompt_landing_just_after_a_restart_is_not_sent_again() {
    let mut env = Env::new(r#"{"minRuntimeMs": 0}"#);
    let (t, prompt) = notice_in_flight(&mut env);
    let old_prompt = env.pending[prompt].0;
    env.restore();
    // The new instance's calls are answered at once; the old prompt lands half a second later.
    while let Some(i) = env.pending.iter().position(|(id, _)| *id != old_prompt) {
        env.answer(i, ReplyMode::Real);
    }
    env.advance(500, true);
    let i = env.pending.iter().position(|(id, _)| *id == old_prompt).unwrap();
    env.answer(i, ReplyMode::Real); // its reply goes to the old instance
    settle(&mut env);
    assert_eq!(env.sessions[ROOTS[0]].received.len(), 1, "sent again after the restart");
    assert_eq!(env.m.announcements(&t.id), Some(1));
}
/// Found by the model: with `restrictToLineage` off, a session outside a task's tree resumed
/// it and took it over, and deleting that session then followed the task's child session as if
/// OpenCode had deleted it too, cancelling the tasks launched from it. A task is taken over only
/// by an ancestor of its session.
#[test]
fn a_session_outside_the_tree_that_resumes_a_task_does_not_take_it_over() {
    let mut env = Env::new(r#"{"restrictToLineage": false, "maxDepth": 2, "minRuntimeMs": 0}"#);
    let outer = env.launch([1; 16], simple_request(ROOTS[0], 1)).unwrap();
    env.answer_all(10);
    let child = env.m.get(ROOTS[0], &outer.id).unwrap().session_id.expect("the child session");
    env.end_turn(&child, Turn::Text, 0b111);
    settle(&mut env);
    assert_eq!(env.m.get(ROOTS[0], &outer.id).unwrap().status, TaskStatus::Completed);
    let inner = env.launch([2; 16], simple_request(&child, 2)).unwrap();
    env.answer_all(10);
    let resumed = env.m.resume(env.now, ROOTS[1], &outer.id, "more, please").unwrap();
    env.drain();
    assert_eq!(resumed.parent_session_id, ROOTS[0], "another root is not above the task's session");
    env.delete(ROOTS[1], false);
    env.check("another root deleted");
    let view = env.m.get(&child, &inner.id).unwrap();
    assert_eq!(view.status, TaskStatus::Running, "a task of a session that still exists: {view:?}");
    // An ancestor does take a task over.
    let inner_child = view.session_id.expect("the inner child session");
    env.end_turn(&inner_child, Turn::Text, 0b111);
    settle(&mut env);
    assert_eq!(env.m.announcements(&inner.id), Some(1));
    let resumed = env.m.resume(env.now, ROOTS[0], &inner.id, "and more").unwrap();
    assert_eq!(resumed.parent_session_id, ROOTS[0], "the root above the inner task's session takes it over");
}
