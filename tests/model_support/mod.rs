//! A lean simulated OpenCode for the randomized tests (`tests/model.rs`, `tests/fuzz.rs`).
//!
//! Unlike `tests/support/` (which schedules scripted child turns on its own), this environment
//! does nothing by itself: every SDK call the core makes waits in `pending` until the test
//! decides to answer it (in any order, successfully or not), events are delivered only when
//! the test says so, and time moves only when the test advances it. All state lives in ordered
//! maps, so the same inputs always produce the same effect trace. The messages, events and
//! replies are the ones `tests/opencode/` defines for both simulators (re-exported here); the
//! relay's interests are recorded, but every event the test sends is delivered.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#[path = "../opencode/mod.rs"]
mod opencode;
mod properties;

pub use opencode::*;
pub use properties::*;

use background_agent::*;
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// The virtual clock's start.
pub const T0: u64 = START;

/// Top-level sessions the user works in.
pub const ROOTS: [&str; 3] = ["ses_root_a", "ses_root_b", "ses_root_c"];

#[derive(Clone, Debug, Default)]
pub struct SimSession {
    pub parent: Option<String>,
    pub busy: bool,
    pub messages: Vec<Value>,
    pub todos: Vec<Value>,
    /// Notice prompts this session received as a parent: (text, no_reply, how many resumes the
    /// model had made by then).
    pub received: Vec<(String, bool, u64)>,
}

/// How the environment answers one SDK call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReplyMode {
    /// OpenCode does the work and replies as it really would.
    Real,
    /// The call fails before OpenCode does anything (error kind from [`sdk_error`]).
    Fail(u8),
    /// OpenCode does the work but the client sees an error (a timeout after the fact).
    ActThenFail(u8),
    /// OpenCode does the work; the reply text is garbage (kind from [`garbage`]).
    Garbage(u8),
}

/// SDK errors of the kinds OpenCode's client really returns for a session that exists (a 404
/// comes only from [`Env::act`], for a session that does not).
pub fn sdk_error(kind: u8) -> SdkError {
    let (status, name, message) = match kind % 7 {
        0 => (Some(500), "UnknownError", "Internal server error"),
        1 => (Some(502), "UnknownError", "Bad Gateway"),
        2 => (Some(429), "APIError", "Rate limit exceeded"),
        3 => (Some(400), "Error", "Agent \"nope\" not found"),
        4 => (Some(503), "APIError", "Service Unavailable: overloaded"),
        5 => (None, "FetchError", "fetch failed: ECONNRESET"),
        _ => (Some(408), "TimeoutError", "The operation timed out."),
    };
    SdkError { status, name: name.into(), message: message.into() }
}

/// Reply texts that are not what the call should return. None of them names a session that
/// exists (that case is covered separately, in `tests/fuzz.rs`); two name sessions that never
/// existed (see [`is_ghost_id`]).
pub fn garbage(kind: u8) -> String {
    let fixed = [
        "",
        "{",
        "null",
        "[]",
        "{}",
        "42",
        "\"ses_x\"",
        "[7, null, {}]",
        r#"{"id": 5}"#,
        r#"{"id": ""}"#,
        r#"{"id": "ses_ghost"}"#,
        r#"[{"info": 7, "parts": 5}]"#,
        r#"[{"info": {"role": "assistant"}, "parts": "x"}]"#,
        r#"[{"info": {"role": "assistant", "error": 3}, "parts": []}]"#,
        r#"{"ses_x": 1, "ses_root_a": {"type": 7}}"#,
        "\u{0}\u{ffff}\u{1b}[2J",
        "true",
        r#"{"id": ["ses_child_1"]}"#,
    ];
    match fixed.get(kind as usize % (fixed.len() + 1)) {
        Some(text) => (*text).to_string(),
        None => "[".repeat(300),
    }
}

/// A create reply naming a session that does not exist. After a restart the prompt that would
/// have failed on it is forgotten and the task waits on a session that is not there (see
/// `vanished_child_session_without_deletion_event_never_ends` in `tests/model.rs`).
pub fn is_ghost_id(reply: &str) -> bool {
    reply == r#"{"id": ""}"# || reply == r#"{"id": "ses_ghost"}"#
}

/// A notice prompt (as opposed to a task prompt), by its text.
pub fn is_notice(text: &str) -> bool {
    text.starts_with("[BACKGROUND") || text.starts_with("[ALL BACKGROUND")
}

/// How a child's turn ends (what `session.messages` shows afterwards).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Turn {
    Text,
    ToolOnly,
    Reasoning,
    /// An assistant turn with nothing in it (not done yet).
    Empty,
    /// Only synthetic text (not done yet).
    Synthetic,
    /// An API error that another model could get past (429).
    RateLimited,
    /// An API error no other model fixes (400).
    BadRequest,
    Aborted,
    /// Stopped mid-turn, no error (what a crash leaves): its words so far and a tool call still
    /// running, no `finish`, no completion time.
    CutShort,
    /// A finished step that asked for tool calls, and no step after it.
    ToolCallsStep,
}

pub const TURNS: [Turn; 10] = [
    Turn::Text,
    Turn::ToolOnly,
    Turn::Reasoning,
    Turn::Empty,
    Turn::Synthetic,
    Turn::RateLimited,
    Turn::BadRequest,
    Turn::Aborted,
    Turn::CutShort,
    Turn::ToolCallsStep,
];

/// An assistant message of a child's turn, as `session.messages` returns it: every child
/// here runs `general` on `openai/gpt-a`.
pub fn assistant_message(session: &str, n: usize, turn: Turn, now: u64) -> Value {
    let assistant = AssistantMessage::new(session, n).by("general", "openai", "gpt-a").with_usage().completed(now);
    match turn {
        Turn::Text => {
            assistant.finished("stop").step_start().text(&format!("Result of {session}: all good.")).step_finish()
        }
        Turn::ToolOnly => assistant.tool("read", "call_1", "completed", json!({ "path": "a.rs" })),
        Turn::Reasoning => assistant.reasoning("thinking it over"),
        Turn::Empty => assistant.step_start().text("   "),
        Turn::Synthetic => assistant.synthetic_text("injected context"),
        Turn::RateLimited => assistant.failed(api_error("APIError", "Rate limit exceeded", Some(429))),
        Turn::BadRequest => assistant.failed(api_error("APIError", "Bad Request: model refused", Some(400))),
        Turn::Aborted => assistant.failed(aborted_error()),
        Turn::CutShort => assistant.unfinished(now).text("Let me run the tests first.").tool(
            "bash",
            "call_2",
            "running",
            json!({ "command": "cargo test" }),
        ),
        Turn::ToolCallsStep => assistant.finished("tool-calls").text("Reading the file.").tool(
            "read",
            "call_3",
            "completed",
            json!({ "path": "b.rs" }),
        ),
    }
    .build()
}

/// An assistant message that completes a task: no error, real (non-blank, not synthetic) text.
pub fn has_final_text(message: &Value) -> bool {
    message["info"]["role"] == "assistant"
        && message["info"]["error"].is_null()
        && message["parts"].as_array().is_some_and(|parts| {
            parts.iter().any(|p| {
                p["type"] == "text"
                    && p["synthetic"] != true
                    && p["text"].as_str().is_some_and(|t| !t.trim().is_empty())
            })
        })
}

// ------------------------------------------------------------------ the environment

pub struct Env {
    pub config: String,
    pub m: Manager,
    pub now: u64,
    /// The one host timer.
    pub timer: Option<u64>,
    /// Calls the core made that nobody answered yet, oldest first (earlier instances' too).
    pub pending: Vec<(CallId, SdkRequest)>,
    /// Ids of answered calls (for duplicate replies).
    pub answered: Vec<CallId>,
    pub sessions: BTreeMap<String, SimSession>,
    /// Every session that ever existed, in creation order (roots first).
    pub ever: Vec<String>,
    pub deleted: BTreeSet<String>,
    next_session: u32,
    /// Every effect and every result, as text: two runs of the same inputs must match.
    pub trace: Vec<String>,
    /// Keep the trace (off for the long fuzz loops).
    pub tracing: bool,
    /// Let garbage replies name sessions that never existed.
    pub ghost_ids: bool,
    /// The interest the core declared (recorded; this environment delivers every event).
    pub relay: Relay,
    pub persisted: Option<String>,
    /// Calls made since the counter was last reset.
    pub calls_made: u64,
    pub settled: Vec<String>,
    /// Successful resumes so far (set by the model): tells a notice sent twice from two runs'
    /// notices that read the same.
    pub resumes: u64,
    /// Calls the core gave up on (`callTimeoutMs`), counted from its log.
    pub timeouts: u64,
    /// Children that answer every prompt with an empty turn at once (they never answer).
    pub mute: BTreeSet<String>,
}

impl Env {
    pub fn new(config: &str) -> Env {
        let m = Manager::new(config, None, T0).unwrap_or_else(|e| panic!("config {config} refused: {e}"));
        Env::with_manager(config, m)
    }

    pub fn with_manager(config: &str, m: Manager) -> Env {
        let mut env = Env {
            config: config.to_string(),
            m,
            now: T0,
            timer: None,
            pending: Vec::new(),
            answered: Vec::new(),
            sessions: BTreeMap::new(),
            ever: Vec::new(),
            deleted: BTreeSet::new(),
            next_session: 0,
            trace: Vec::new(),
            tracing: true,
            ghost_ids: false,
            relay: Relay::default(),
            persisted: None,
            calls_made: 0,
            settled: Vec::new(),
            resumes: 0,
            timeouts: 0,
            mute: BTreeSet::new(),
        };
        for root in ROOTS {
            let session = SimSession { messages: vec![first_prompt(root, T0)], ..SimSession::default() };
            env.sessions.insert(root.to_string(), session);
            env.ever.push(root.to_string());
        }
        env.drain();
        env
    }

    pub fn note(&mut self, line: impl FnOnce() -> String) {
        if self.tracing {
            self.trace.push(line());
        }
    }

    /// Takes every effect the core queued.
    pub fn drain(&mut self) {
        while let Some(effect) = self.m.poll_effect() {
            if self.tracing {
                self.trace.push(format!("{effect:?}"));
            }
            match effect {
                Effect::Call { id, request } => {
                    self.calls_made += 1;
                    self.pending.push((id, request));
                }
                Effect::SetTimer(at) => self.timer = at,
                Effect::SetInterest { session_id, interest } => self.relay.set(session_id, interest),
                Effect::Persist(s) => self.persisted = Some(s),
                Effect::TaskSettled(id) => self.settled.push(id),
                Effect::Log { message, .. } if message.contains(" timed out after ") => self.timeouts += 1,
                _ => {}
            }
        }
    }

    pub fn exists(&self, session: &str) -> bool {
        self.sessions.contains_key(session)
    }

    pub fn is_child(&self, session: &str) -> bool {
        self.sessions.get(session).is_some_and(|s| s.parent.is_some())
    }

    /// Existing sessions this environment created for tasks, in creation order.
    pub fn children(&self) -> Vec<String> {
        self.ever.iter().filter(|s| self.is_child(s)).cloned().collect()
    }

    pub fn existing_roots(&self) -> Vec<String> {
        ROOTS.iter().filter(|r| self.exists(r)).map(|r| r.to_string()).collect()
    }

    /// Walks up to the top-level session.
    pub fn root_of(&self, session: &str) -> String {
        self.ancestors(session).last().cloned().unwrap_or_else(|| session.to_string())
    }

    /// `session` and the sessions above it in OpenCode's tree, nearest first.
    pub fn ancestors(&self, session: &str) -> Vec<String> {
        let mut chain = vec![session.to_string()];
        for _ in 0..64 {
            match chain.last().and_then(|c| self.sessions.get(c)).and_then(|s| s.parent.clone()) {
                Some(p) => chain.push(p),
                None => break,
            }
        }
        chain
    }

    // ------------------------------------------------------------ inputs

    pub fn launch(&mut self, entropy: [u8; 16], req: LaunchRequest) -> Result<TaskView, RequestError> {
        let r = self.m.launch(self.now, entropy, req);
        self.note(|| format!("launch -> {r:?}"));
        self.drain();
        r
    }

    pub fn cancel(&mut self, caller: &str, id: &str, options: CancelOptions) -> Result<TaskView, RequestError> {
        let r = self.m.cancel(self.now, caller, id, options);
        self.note(|| format!("cancel {id} by {caller} {options:?} -> {r:?}"));
        self.drain();
        r
    }

    pub fn cancel_all(&mut self, parent: &str, options: CancelOptions) -> Vec<TaskView> {
        let r = self.m.cancel_all(self.now, parent, options);
        self.note(|| format!("cancel_all {parent} {options:?} -> {r:?}"));
        self.drain();
        r
    }

    pub fn deliver(&mut self, event: Event) {
        self.note(|| format!("event {event:?}"));
        self.m.handle_event(self.now, event);
        self.drain();
    }

    pub fn take_injection(&mut self, parent: &str) -> Option<String> {
        let r = self.m.take_injection(self.now, parent);
        self.note(|| format!("inject {parent} -> {r:?}"));
        self.drain();
        r
    }

    /// Answers a raw reply to a call id (known or not).
    pub fn complete_raw(&mut self, id: CallId, reply: Result<String, SdkError>) {
        self.note(|| format!("complete {id} {reply:?}"));
        self.m.complete(self.now, id, reply);
        self.drain();
    }

    /// Answers the pending call at `index` (mod the number pending) in the given mode.
    pub fn answer(&mut self, index: usize, mode: ReplyMode) -> bool {
        if self.pending.is_empty() {
            return false;
        }
        let (id, request) = self.pending.remove(index % self.pending.len());
        let reply = match mode {
            ReplyMode::Real => self.act(&request),
            ReplyMode::Fail(kind) => Err(sdk_error(kind)),
            ReplyMode::ActThenFail(kind) => {
                let _ = self.act(&request);
                Err(sdk_error(kind))
            }
            ReplyMode::Garbage(kind) => {
                let text = garbage(kind);
                let text = if !self.ghost_ids && is_ghost_id(&text) { "{}".to_string() } else { text };
                self.act(&request).map(|_| text)
            }
        };
        self.answered.push(id);
        self.complete_raw(id, reply);
        true
    }

    /// Answers every pending call for real, including the ones answering creates; bounded.
    pub fn answer_all(&mut self, limit: usize) -> usize {
        let mut n = 0;
        while !self.pending.is_empty() && n < limit {
            self.answer(0, ReplyMode::Real);
            n += 1;
        }
        n
    }

    /// One round of an ordinary working world: every pending call answered, every busy child
    /// ends its turn with text, then the clock moves `ms` on (timers firing on the way).
    pub fn work_round(&mut self, ms: u64) {
        self.answer_all(100);
        for child in self.children() {
            if self.sessions[&child].busy {
                self.end_turn(&child, Turn::Text, 0b111);
            }
        }
        self.advance(ms, true);
    }

    /// Moves the clock forward. `precise`: the timer fires at each deadline on the way, as a
    /// host's setTimeout would; otherwise it fires once at the end (a host that slept).
    pub fn advance(&mut self, ms: u64, precise: bool) {
        let target = self.now.saturating_add(ms);
        if precise {
            let mut guard = 0;
            while let Some(at) = self.timer.filter(|at| *at <= target) {
                guard += 1;
                assert!(guard < 100_000, "the timer keeps firing without time passing");
                self.now = self.now.max(at);
                self.fire();
            }
        }
        self.now = target;
        if self.timer.is_some_and(|at| at <= self.now) {
            self.fire();
        }
    }

    /// The host timer fires (or fires spuriously) now.
    pub fn fire(&mut self) {
        self.timer = None;
        let now = self.now;
        self.note(|| format!("timer at {}", now - T0));
        self.m.on_timer(now);
        self.drain();
    }

    /// A spurious `on_timer` call (the host's own timer stays set).
    pub fn tick(&mut self) {
        let now = self.now;
        self.note(|| format!("tick at {}", now - T0));
        self.m.on_timer(now);
        self.drain();
    }

    /// A new instance from the current one's snapshot (the plugin restarted).
    pub fn restore(&mut self) {
        let snapshot = self.m.snapshot();
        self.restore_from(&snapshot);
    }

    pub fn restore_from(&mut self, snapshot: &str) {
        self.note(|| "restore".to_string());
        let m = Manager::new(&self.config, Some(snapshot), self.now)
            .unwrap_or_else(|e| panic!("the core refused its own snapshot: {e}\n{snapshot}"));
        self.m = m;
        self.timer = None;
        self.relay.clear();
        self.drain();
    }

    /// Shuts the core down; returns the snapshot it persisted.
    pub fn shutdown(&mut self) -> String {
        self.note(|| "shutdown".to_string());
        self.m.shutdown(self.now);
        self.persisted = None;
        self.drain();
        self.persisted.clone().expect("shutdown persists a snapshot")
    }

    /// Shutdown, then a new instance from the snapshot the shutdown persisted.
    pub fn shutdown_and_restart(&mut self) {
        let snapshot = self.shutdown();
        self.restore_from(&snapshot);
    }

    // ------------------------------------------------------------ the simulated OpenCode

    /// A session some other tool started under `parent`, working.
    pub fn start_external(&mut self, parent: &str) -> String {
        self.next_session += 1;
        let sid = format!("ses_ext_{}", self.next_session);
        let user = user_message(&sid, 0, "do the other thing", Some("general"), None, self.now);
        let session =
            SimSession { parent: Some(parent.to_string()), busy: true, messages: vec![user], ..SimSession::default() };
        self.sessions.insert(sid.clone(), session);
        self.ever.push(sid.clone());
        sid
    }

    fn new_child(&mut self, parent: &str) -> String {
        self.next_session += 1;
        let sid = format!("ses_child_{}", self.next_session);
        let session = SimSession { parent: Some(parent.to_string()), ..SimSession::default() };
        self.sessions.insert(sid.clone(), session);
        self.ever.push(sid.clone());
        sid
    }

    /// What OpenCode does for this call, and its real reply.
    pub fn act(&mut self, request: &SdkRequest) -> Result<String, SdkError> {
        let now = self.now;
        #[allow(unreachable_patterns)]
        match request {
            SdkRequest::CreateSession { parent_id, title, .. } => {
                if !self.exists(parent_id) {
                    return Err(not_found(parent_id));
                }
                let sid = self.new_child(parent_id);
                Ok(session_info(&sid, Some(parent_id), title, now, now).to_string())
            }
            SdkRequest::PromptSession(p) => {
                let Some(session) = self.sessions.get_mut(&p.session_id) else {
                    return Err(not_found(&p.session_id));
                };
                let text = p.parts.join("\n");
                let n = session.messages.len();
                session.messages.push(user_message(&p.session_id, n, &text, p.agent.as_deref(), p.model.as_ref(), now));
                if is_notice(&text) {
                    session.received.push((text, p.no_reply, self.resumes));
                } else if self.mute.contains(&p.session_id) {
                    session.busy = false;
                    let n = session.messages.len();
                    session.messages.push(assistant_message(&p.session_id, n, Turn::Empty, now));
                } else {
                    session.busy = true;
                }
                Ok(prompt_reply(&message_id(&p.session_id, n)))
            }
            SdkRequest::AbortSession(sid) => {
                let Some(session) = self.sessions.get_mut(sid) else {
                    return Err(not_found(sid));
                };
                if session.busy {
                    session.busy = false;
                    let n = session.messages.len();
                    session.messages.push(assistant_message(sid, n, Turn::Aborted, now));
                }
                Ok("true".into())
            }
            SdkRequest::GetSession(sid) => match self.sessions.get(sid) {
                Some(s) => Ok(session_info(sid, s.parent.as_deref(), "t", T0, now).to_string()),
                None => Err(not_found(sid)),
            },
            SdkRequest::ListAgents => Ok(agent_list()),
            SdkRequest::SessionMessages { session_id, limit } => match self.sessions.get(session_id) {
                Some(s) => Ok(messages_page(&s.messages, *limit)),
                None => Err(not_found(session_id)),
            },
            SdkRequest::SessionStatus => {
                Ok(status_map(self.sessions.iter().filter(|(_, s)| s.busy).map(|(id, _)| id.as_str())))
            }
            _ => Ok("{}".into()),
        }
    }

    /// A child's turn ends: its assistant message lands; the events OpenCode would send are
    /// delivered when `events` says so (bit 0 message.updated, 1 status idle, 2 session.idle).
    pub fn end_turn(&mut self, session: &str, turn: Turn, events: u8) {
        let now = self.now;
        let Some(s) = self.sessions.get_mut(session) else {
            return;
        };
        s.busy = false;
        let n = s.messages.len();
        let message = assistant_message(session, n, turn, now);
        s.messages.push(message.clone());
        if events & 1 != 0 {
            self.deliver(message_updated_event(session, &message["info"]));
            if matches!(turn, Turn::RateLimited | Turn::BadRequest) {
                self.deliver(error_event(session, message["info"].get("error").cloned()));
            }
        }
        if events & 2 != 0 {
            self.deliver(status_event(session, "idle"));
        }
        if events & 4 != 0 {
            self.deliver(idle_event(session));
        }
    }

    /// The child starts working again.
    pub fn busy(&mut self, session: &str) {
        if let Some(s) = self.sessions.get_mut(session) {
            s.busy = true;
            self.deliver(status_event(session, "busy"));
        }
    }

    pub fn set_todos(&mut self, session: &str, todos: Value) {
        if let Some(s) = self.sessions.get_mut(session) {
            s.todos = todos.as_array().cloned().unwrap_or_default();
        }
        self.deliver(todo_event(session, &todos));
    }

    /// Deletes a session and, as OpenCode does, its descendants (children first); one event
    /// each, in that order, or parents first when `parents_first`. Returns the deleted ids.
    pub fn delete(&mut self, session: &str, parents_first: bool) -> Vec<String> {
        if !self.exists(session) {
            return Vec::new();
        }
        let mut order = deletion_order(session, self.sessions.iter().map(|(id, s)| (id.as_str(), s.parent.as_deref())));
        if parents_first {
            order.reverse();
        }
        for sid in &order {
            self.sessions.remove(sid);
            self.deleted.insert(sid.clone());
        }
        for sid in &order {
            self.deliver(deleted_event(sid));
        }
        order
    }

    /// Every invariant the core checks itself; panics with the trace tail when one breaks.
    pub fn check(&self, step: &str) {
        if let Err(broken) = self.m.check_invariants() {
            if std::env::var_os("MODEL_DUMP").is_some() {
                for line in &self.trace {
                    println!("{}", line.chars().take(400).collect::<String>());
                }
            }
            let tail: Vec<&String> = self.trace.iter().rev().take(25).collect::<Vec<_>>().into_iter().rev().collect();
            panic!("invariant broken after {step} at t+{} ms: {broken}\nlast effects:\n{tail:#?}", self.now - T0);
        }
    }
}
