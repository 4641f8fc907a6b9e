//! A simulated OpenCode server: sessions with parents, busy/idle statuses, messages and todos,
//! children that run scripted turns on a virtual clock, injectable call failures, and the
//! host's event relay (only sessions the core declared interest in get their events through).
//! What goes over the wire (messages, events, replies) is built by `super::opencode`, which
//! the randomized environment (`tests/model_support/`) shares.

use super::opencode::*;
use background_agent::*;
use serde_json::{Value, json};
use std::collections::BTreeMap;

pub use super::opencode::START;

/// How a child's turn goes.
#[derive(Clone, Debug)]
pub struct Script {
    pub run_ms: u64,
    pub outcome: Outcome,
    pub tools: Vec<&'static str>,
    pub deltas: u32,
    pub todos: Vec<(&'static str, &'static str)>,
    /// Every tool call uses the same input (a loop).
    pub same_input: bool,
}

#[derive(Clone, Debug)]
pub enum Outcome {
    Text(String),
    ApiError {
        message: String,
        status: u16,
    },
    /// The turn ends with no output at all.
    Silent,
    /// The turn never ends.
    Hang,
    /// The provider keeps failing: OpenCode reports `retry` statuses and never goes idle.
    Retry(String),
    /// The child asks for a permission and waits (busy) until someone answers.
    Ask(String),
}

impl Script {
    pub fn text(run_ms: u64, text: &str) -> Script {
        Script {
            run_ms,
            outcome: Outcome::Text(text.into()),
            tools: vec!["read", "grep"],
            deltas: 5,
            todos: vec![],
            same_input: false,
        }
    }

    pub fn with(run_ms: u64, outcome: Outcome) -> Script {
        Script { run_ms, outcome, tools: vec![], deltas: 0, todos: vec![], same_input: false }
    }
}

/// Which calls a failure applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Create,
    PromptChild,
    PromptParent,
    Messages,
    Status,
    Get,
    Agents,
    /// An answer to a child's permission request or question.
    Reply,
    /// `session.abort`.
    Abort,
    /// A view of a session's tasks written into its metadata.
    Publish,
}

#[derive(Clone, Debug)]
enum Action {
    Reply { id: u64, reply: Result<String, SdkError> },
    Emit { run: Option<(String, u64)>, event: Event },
    Finish { session: String, run: u64 },
}

#[derive(Clone, Debug, Default)]
pub struct Session {
    pub id: String,
    pub parent: Option<String>,
    pub title: String,
    pub permission: Vec<PermissionRule>,
    pub busy: bool,
    pub aborted: bool,
    run: u64,
    script: Option<Script>,
    pub messages: Vec<Value>,
    pub prompts: Vec<PromptSession>,
    /// The session's metadata, as `session.update` left it.
    pub metadata: serde_json::Map<String, Value>,
    /// How many times the core published its view into this session's metadata.
    pub publishes: u32,
}

#[derive(Default)]
pub struct Sim {
    pub now: u64,
    seq: u64,
    actions: BTreeMap<(u64, u64), Action>,
    pub sessions: BTreeMap<String, Session>,
    next_session: u32,
    /// Every SDK call, with the time it was made.
    pub calls: Vec<(u64, SdkRequest)>,
    /// What the host's relay lets through to the core.
    pub relay: Relay,
    pub timer: Option<u64>,
    pub toasts: Vec<Toast>,
    pub logs: Vec<(LogLevel, String)>,
    pub settled: Vec<String>,
    pub persisted: Option<String>,
    pub delivered_events: u64,
    pub filtered_events: u64,
    scripts: Vec<(String, Script)>,
    model_scripts: Vec<(String, Script)>,
    failures: Vec<(Kind, u32, SdkError)>,
    /// Calls of a kind that are never answered (a hung request), how many more times.
    hangs: Vec<(Kind, u32)>,
    /// Calls of a kind that act, but whose reply is lost (an error comes back instead).
    lost: Vec<(Kind, u32)>,
    /// Extra latency of the replies to calls of a kind.
    delays: Vec<(Kind, u64)>,
    /// The extra latency of the call being answered now.
    extra_latency: u64,
    pub latency: u64,
    pub max_busy_children: usize,
}

/// What a crash leaves of the turn it cut off (see [`Sim::crash`]).
#[derive(Clone, Copy, Debug)]
pub enum CrashLeaves {
    Nothing,
    TextAndRunningTool(&'static str),
    StepWithToolCalls,
}

impl Sim {
    pub fn new() -> Sim {
        Sim { now: START, latency: 2, ..Sim::default() }
    }

    /// A top-level session whose last message names its agent and model.
    pub fn add_root(&mut self, id: &str) {
        let session = Session { id: id.into(), messages: vec![first_prompt(id, START)], ..Session::default() };
        self.sessions.insert(id.into(), session);
    }

    /// A session created outside the core (e.g. by the built-in task tool) under `parent`.
    pub fn add_session(&mut self, id: &str, parent: Option<&str>) {
        self.add_root(id);
        if let Some(s) = self.sessions.get_mut(id) {
            s.parent = parent.map(str::to_string);
        }
    }

    /// The person writes `n` messages in this session now (each one a user message).
    pub fn user_writes(&mut self, sid: &str, n: usize) {
        let now = self.now;
        let Some(session) = self.sessions.get_mut(sid) else { return };
        for _ in 0..n {
            let k = session.messages.len();
            session.messages.push(user_message(sid, k, "and another thing", None, None, now));
        }
    }

    /// Children whose prompt contains `needle` run this script (first match wins).
    pub fn script(&mut self, needle: &str, script: Script) {
        self.scripts.push((needle.into(), script));
    }

    /// Children prompted with this model id run this script (before prompt matches).
    pub fn script_for_model(&mut self, model_id: &str, script: Script) {
        self.model_scripts.push((model_id.into(), script));
    }

    /// Starts a turn in a session the core did not create (for `track`), or a new run of a child
    /// that no event explains (a permission answered, its `permission.replied` event lost).
    pub fn run_external(&mut self, sid: &str, script: Script) {
        self.start_run(sid, script);
    }

    /// The next `times` calls of this kind fail with `error`.
    pub fn fail(&mut self, kind: Kind, times: u32, name: &str, message: &str) {
        self.failures.push((kind, times, SdkError { status: Some(500), name: name.into(), message: message.into() }));
    }

    /// The next `times` calls of this kind are never answered.
    pub fn hang(&mut self, kind: Kind, times: u32) {
        self.hangs.push((kind, times));
    }

    /// The next `times` calls of this kind do what they ask, but their reply is an error.
    pub fn lose_reply(&mut self, kind: Kind, times: u32) {
        self.lost.push((kind, times));
    }

    /// Replies to calls of this kind come `ms` later than others.
    pub fn delay(&mut self, kind: Kind, ms: u64) {
        self.delays.push((kind, ms));
    }

    fn take(list: &mut [(Kind, u32)], kind: Kind) -> bool {
        let Some(slot) = list.iter_mut().find(|(k, n)| *k == kind && *n > 0) else { return false };
        slot.1 -= 1;
        true
    }

    /// What kind of call a request is (a prompt's kind depends on whom it is sent to).
    fn kind_of(&self, request: &SdkRequest) -> Option<Kind> {
        Some(match request {
            SdkRequest::CreateSession { .. } => Kind::Create,
            SdkRequest::PromptSession(p) => match self.sessions.get(&p.session_id) {
                Some(s) if s.parent.is_some() => Kind::PromptChild,
                _ => Kind::PromptParent,
            },
            SdkRequest::SessionMessages { .. } => Kind::Messages,
            SdkRequest::SessionStatus => Kind::Status,
            SdkRequest::GetSession(_) => Kind::Get,
            SdkRequest::ListAgents => Kind::Agents,
            SdkRequest::AbortSession(_) => Kind::Abort,
            SdkRequest::ReplyPermission { .. } | SdkRequest::ReplyQuestion { .. } | SdkRequest::RejectQuestion(_) => {
                Kind::Reply
            }
            SdkRequest::PublishTasks { .. } => Kind::Publish,
        })
    }

    fn take_failure(&mut self, kind: Kind) -> Option<SdkError> {
        let slot = self.failures.iter_mut().find(|(k, n, _)| *k == kind && *n > 0)?;
        slot.1 -= 1;
        Some(slot.2.clone())
    }

    fn schedule(&mut self, at: u64, action: Action) {
        self.seq += 1;
        self.actions.insert((at, self.seq), action);
    }

    fn reply(&mut self, id: u64, reply: Result<String, SdkError>) {
        self.schedule(self.now + self.latency + self.extra_latency, Action::Reply { id, reply });
    }

    /// Schedules `event` for `at`, tagged with its session's current run (`pop_due` drops the
    /// events of a run that has ended since).
    fn emit_at(&mut self, at: u64, event: Event) {
        let session = session_of(&event);
        let run = self.sessions.get(session).map(|s| (session.to_string(), s.run));
        self.schedule(at, Action::Emit { run, event });
    }

    /// The instance that made the calls in flight is gone: their replies reach nobody. (What
    /// OpenCode does meanwhile, the children's runs and their events, goes on.)
    pub fn drop_replies(&mut self) {
        self.actions.retain(|_, action| !matches!(action, Action::Reply { .. }));
    }

    pub fn next_time(&self) -> Option<u64> {
        self.actions.keys().next().map(|(t, _)| *t)
    }

    /// Performs one effect of the core.
    pub fn apply(&mut self, effect: Effect) {
        match effect {
            Effect::Call { id, request } => {
                self.calls.push((self.now, request.clone()));
                self.call(id, request);
            }
            Effect::SetTimer(at) => self.timer = at,
            Effect::SetInterest { session_id, interest } => self.relay.set(session_id, interest),
            Effect::TaskSettled(id) => self.settled.push(id),
            Effect::Persist(s) => self.persisted = Some(s),
            Effect::Toast(t) => self.toasts.push(t),
            Effect::Log { level, message } => self.logs.push((level, message)),
        }
    }

    fn call(&mut self, id: u64, request: SdkRequest) {
        let kind = self.kind_of(&request);
        if kind.is_some_and(|k| Self::take(&mut self.hangs, k)) {
            return;
        }
        self.extra_latency = kind.and_then(|k| self.delays.iter().find(|(d, _)| *d == k)).map_or(0, |(_, ms)| *ms);
        self.answer(id, request);
        self.extra_latency = 0;
    }

    fn answer(&mut self, id: u64, request: SdkRequest) {
        match request {
            SdkRequest::CreateSession { parent_id, title, permission } => {
                if let Some(err) = self.take_failure(Kind::Create) {
                    return self.reply(id, Err(err));
                }
                self.next_session += 1;
                let sid = format!("ses_child{}", self.next_session);
                let session = Session {
                    id: sid.clone(),
                    parent: Some(parent_id.clone()),
                    title,
                    permission,
                    ..Session::default()
                };
                let info = session_info(&sid, Some(&parent_id), &session.title, self.now, self.now);
                self.sessions.insert(sid.clone(), session);
                self.reply(id, Ok(info.to_string()));
            }
            SdkRequest::PromptSession(p) => self.prompt(id, p),
            SdkRequest::AbortSession(sid) => {
                self.abort(&sid);
                self.reply(id, Ok("true".into()));
            }
            SdkRequest::GetSession(sid) => {
                if let Some(err) = self.take_failure(Kind::Get) {
                    return self.reply(id, Err(err));
                }
                let reply = match self.sessions.get(&sid) {
                    Some(s) => {
                        let info = session_info(&s.id, s.parent.as_deref(), &s.title, START, self.now);
                        Ok(with_permission(info, &s.permission).to_string())
                    }
                    None => Err(not_found(&sid)),
                };
                self.reply(id, reply);
            }
            SdkRequest::SessionMessages { session_id, limit } => {
                if let Some(err) = self.take_failure(Kind::Messages) {
                    return self.reply(id, Err(err));
                }
                let messages = self.sessions.get(&session_id).map_or(&[][..], |s| &s.messages);
                let page = messages_page(messages, limit);
                self.reply(id, Ok(page));
            }
            SdkRequest::ListAgents => {
                if let Some(err) = self.take_failure(Kind::Agents) {
                    return self.reply(id, Err(err));
                }
                self.reply(id, Ok(agent_list()));
            }
            SdkRequest::ReplyPermission { .. } | SdkRequest::ReplyQuestion { .. } | SdkRequest::RejectQuestion(_) => {
                // OpenCode answers `true`; the event that the request was answered is the
                // scenario's to send (the sim does not track requests).
                let reply = self.take_failure(Kind::Reply).map_or_else(|| Ok("true".to_string()), Err);
                self.reply(id, reply);
            }
            SdkRequest::PublishTasks { session_id, view } => {
                if let Some(err) = self.take_failure(Kind::Publish) {
                    return self.reply(id, Err(err));
                }
                // As the host does it: read the metadata, set or remove one key, write it back.
                let Some(session) = self.sessions.get_mut(&session_id) else {
                    return self.reply(id, Err(not_found(&session_id)));
                };
                session.publishes += 1;
                match view.and_then(|v| serde_json::from_str::<Value>(&v).ok()) {
                    Some(v) => session.metadata.insert("backgroundTasks".into(), v),
                    None => session.metadata.remove("backgroundTasks"),
                };
                self.reply(id, Ok("true".into()));
            }
            SdkRequest::SessionStatus => {
                if let Some(err) = self.take_failure(Kind::Status) {
                    return self.reply(id, Err(err));
                }
                let busy = status_map(self.sessions.values().filter(|s| s.busy).map(|s| s.id.as_str()));
                self.reply(id, Ok(busy));
            }
        }
    }

    fn prompt(&mut self, id: u64, p: PromptSession) {
        let Some(session) = self.sessions.get(&p.session_id) else {
            return self.reply(id, Err(not_found(&p.session_id)));
        };
        let is_child = session.parent.is_some();
        let kind = if is_child { Kind::PromptChild } else { Kind::PromptParent };
        if let Some(err) = self.take_failure(kind) {
            return self.reply(id, Err(err));
        }
        let text = p.parts.join("\n");
        let sid = p.session_id.clone();
        let n = self.sessions.get(&sid).map_or(0, |s| s.messages.len());
        // Unlike OpenCode (and the randomized environment), the prompt's model is not recorded:
        // recorded, a notice's model would become the parent's current model for its next
        // notice (instead of the launch's), which changes the calls the scenarios check.
        let user = user_message(&sid, n, &text, p.agent.as_deref(), None, self.now);
        let by_model = p.model.as_ref().and_then(|m| self.model_scripts.iter().find(|(id, _)| *id == m.model_id));
        let script = by_model
            .or_else(|| self.scripts.iter().find(|(needle, _)| text.contains(needle.as_str())))
            .map(|(_, s)| s.clone());
        if let Some(session) = self.sessions.get_mut(&sid) {
            session.messages.push(user);
            session.prompts.push(p.clone());
        }
        if Self::take(&mut self.lost, kind) {
            let err = SdkError { status: None, name: "NetworkError".into(), message: "socket hang up".into() };
            self.reply(id, Err(err));
        } else {
            self.reply(id, Ok(prompt_reply(&message_id(&sid, n))));
        }
        if is_child {
            let script = script.unwrap_or_else(|| {
                Script::text(10_000, &format!("result for: {}", text.chars().take(30).collect::<String>()))
            });
            self.start_run(&sid, script);
        }
    }

    fn start_run(&mut self, sid: &str, script: Script) {
        let t0 = self.now + self.latency + 1;
        let Some(session) = self.sessions.get_mut(sid) else { return };
        session.busy = true;
        session.run += 1;
        let run = session.run;
        session.script = Some(script.clone());
        let busy_children = self.sessions.values().filter(|s| s.busy && s.parent.is_some()).count();
        self.max_busy_children = self.max_busy_children.max(busy_children);
        self.emit_at(t0, status_event(sid, "busy"));
        if !script.todos.is_empty() {
            let todos = script
                .todos
                .iter()
                .enumerate()
                .map(|(i, (content, status))| todo(&format!("t{i}"), content, status, "medium"));
            self.emit_at(t0, todo_event(sid, &Value::Array(todos.collect())));
        }
        self.stream_work(sid, run, &script, t0);
        self.schedule_ending(sid, run, &script, t0);
    }

    /// The run's tool calls (each running, then completed) and text deltas, spread evenly
    /// over its `run_ms` from `t0`.
    fn stream_work(&mut self, sid: &str, run: u64, script: &Script, t0: u64) {
        let steps = (script.tools.len() as u64 + u64::from(script.deltas)).max(1);
        let gap = (script.run_ms / (steps + 1)).max(1);
        let mut t = t0;
        for (i, tool) in script.tools.iter().enumerate() {
            t += gap;
            let (id, call) = (format!("prt_tool_{run}_{i}"), format!("call_{i}"));
            let input = if script.same_input { 0 } else { i as u64 };
            for status in ["running", "completed"] {
                self.emit_at(t, part_updated_event(sid, &tool_part(sid, &id, &call, tool, status, input)));
            }
        }
        for _ in 0..script.deltas {
            t += gap;
            self.emit_at(t, delta_event(sid));
        }
    }

    /// How the run that started at `t0` ends, `run_ms` later.
    fn schedule_ending(&mut self, sid: &str, run: u64, script: &Script, t0: u64) {
        match &script.outcome {
            Outcome::Hang => {}
            Outcome::Retry(message) => {
                for attempt in 1..=5u32 {
                    let at = t0 + script.run_ms + u64::from(attempt - 1) * 2_000;
                    self.emit_at(at, retry_event(sid, attempt, message, at + 2_000));
                }
            }
            Outcome::Ask(permission) => {
                self.emit_at(t0 + script.run_ms, permission_event(sid, permission, "rm -rf build"));
            }
            _ => self.schedule(t0 + script.run_ms, Action::Finish { session: sid.to_string(), run }),
        }
    }

    fn finish_run(&mut self, sid: &str) {
        let now = self.now;
        let Some(session) = self.sessions.get_mut(sid) else { return };
        let Some(script) = session.script.clone() else { return };
        session.busy = false;
        let assistant = AssistantMessage::new(sid, session.messages.len());
        let (message, error) = match &script.outcome {
            Outcome::Text(text) => {
                let mut assistant = assistant.with_usage().completed(now).finished("stop");
                if let Some(tool) = script.tools.first() {
                    assistant = assistant.tool(tool, "call_0", "completed", json!({ "n": 0 }));
                }
                (assistant.text(text).build(), None)
            }
            Outcome::ApiError { message, status } => {
                let error = api_error("APIError", message, Some(*status));
                (assistant.failed(error.clone()).build(), Some(error))
            }
            Outcome::Silent => (assistant.step_start().build(), None),
            Outcome::Hang | Outcome::Retry(_) | Outcome::Ask(_) => return,
        };
        session.messages.push(message.clone());
        self.emit_at(now, message_updated_event(sid, &message["info"]));
        if error.is_some() {
            self.emit_at(now, error_event(sid, error));
        }
        self.emit_at(now, status_event(sid, "idle"));
        self.emit_at(now, idle_event(sid));
    }

    fn abort(&mut self, sid: &str) {
        let Some(session) = self.sessions.get_mut(sid) else { return };
        session.aborted = true;
        if !session.busy {
            return;
        }
        session.busy = false;
        session.run += 1;
        let aborted = AssistantMessage::new(sid, session.messages.len()).failed(aborted_error());
        session.messages.push(aborted.build());
        let now = self.now + 1;
        self.emit_at(now, status_event(sid, "idle"));
        self.emit_at(now, idle_event(sid));
    }

    /// The server dies mid-turn: the run stops where it was and no event is sent. What is left
    /// (as OpenCode 1.18 stores it; a text part is stored when it ends, not while it streams)
    /// is an assistant message that never completed (no `finish`, no completion time), maybe
    /// with its text and a tool call still running; or, cut between two steps, a completed step
    /// that asked for tool calls (`finish: "tool-calls"`) and no step after it.
    pub fn crash(&mut self, sid: &str, left: CrashLeaves) {
        let now = self.now;
        let Some(session) = self.sessions.get_mut(sid) else { return };
        session.busy = false;
        session.run += 1;
        let assistant = AssistantMessage::new(sid, session.messages.len());
        let message = match left {
            CrashLeaves::Nothing => assistant.unfinished(now),
            CrashLeaves::TextAndRunningTool(text) => {
                assistant.unfinished(now).text(text).tool("bash", "call_1", "running", json!({ "command": "make" }))
            }
            CrashLeaves::StepWithToolCalls => assistant
                .completed(now)
                .finished("tool-calls")
                .text("Let me look at the files first.")
                .tool("read", "call_1", "completed", json!({ "filePath": "src/lib.rs" })),
        };
        session.messages.push(message.build());
    }

    /// Deletes a session (and its children, as OpenCode does), one event each.
    pub fn delete(&mut self, sid: &str) {
        let tree = self.sessions.values().map(|s| (s.id.as_str(), s.parent.as_deref()));
        for doomed in deletion_order(sid, tree) {
            if self.sessions.remove(&doomed).is_some() {
                self.emit_at(self.now, deleted_event(&doomed));
            }
        }
    }

    /// Pops the next due action: a reply or an event for the core, or internal progress.
    pub fn pop_due(&mut self, until: u64) -> Option<Delivery> {
        loop {
            let (&(at, seq), _) = self.actions.iter().next()?;
            if at > until {
                return None;
            }
            let action = self.actions.remove(&(at, seq))?;
            self.now = self.now.max(at);
            match action {
                Action::Reply { id, reply } => return Some(Delivery::Reply(id, reply)),
                Action::Emit { run, event } => {
                    let stale = run.is_some_and(|(sid, run)| {
                        self.sessions.get(&sid).is_none_or(|s| s.run != run) && !is_terminal_signal(&event)
                    });
                    if stale {
                        continue;
                    }
                    if self.relay.lets_through(&event) {
                        self.delivered_events += 1;
                        return Some(Delivery::Event(event));
                    }
                    self.filtered_events += 1;
                }
                Action::Finish { session, run } => {
                    if self.sessions.get(&session).is_some_and(|s| s.run == run) {
                        self.finish_run(&session);
                    }
                }
            }
        }
    }

    /// The notices a parent received: (text, no_reply).
    pub fn notices(&self, parent: &str) -> Vec<(String, bool)> {
        self.sessions
            .get(parent)
            .map_or_else(Vec::new, |s| s.prompts.iter().map(|p| (p.parts.join("\n"), p.no_reply)).collect())
    }

    pub fn calls_of(&self, pred: impl Fn(&SdkRequest) -> bool) -> Vec<SdkRequest> {
        self.calls.iter().filter(|(_, r)| pred(r)).map(|(_, r)| r.clone()).collect()
    }
}

/// Idle and deletion events emitted after an abort belong to no run.
fn is_terminal_signal(event: &Event) -> bool {
    matches!(event, Event::Session { event_type, .. } if event_type == "session.idle" || event_type == "session.status" || event_type == "session.deleted")
}

pub enum Delivery {
    Reply(u64, Result<String, SdkError>),
    Event(Event),
}
