//! The component (dist/background_agent.wasm) in wasmtime. Its `host` imports record effects
//! in the same `Effect` values the native core produces, so one simulator serves both.
//! The component exports only what the plugin calls; the scenarios' other queries (a task by id,
//! lists, the snapshot, counters) are answered by a native twin fed the same inputs, and every
//! effect, view and text of the component must equal the twin's.

use super::native::NativeDriver;
use super::{Driver, TestRng};
use background_agent as core;
use std::sync::OnceLock;
use wasmtime::component::{Component, HasSelf, Linker, ResourceAny};
use wasmtime::{Config, Engine, Store};

wasmtime::component::bindgen!({
    world: "background-agent",
    path: "wit",
});

use exports::opencode::background_agent::manager as wm;
use opencode::background_agent::host as wh;
use opencode::background_agent::types as wt;

pub struct HostState {
    now: u64,
    rng: TestRng,
    effects: Vec<core::Effect>,
}

impl wt::Host for HostState {}

impl wh::Host for HostState {
    fn now_ms(&mut self) -> f64 {
        self.now as f64
    }
    fn random_bytes(&mut self, len: u32) -> Vec<u8> {
        self.rng.bytes(len as usize)
    }
    fn call(&mut self, id: u64, request: wh::SdkRequest) {
        self.effects.push(core::Effect::Call { id, request: request.into() });
    }
    fn set_timer(&mut self, at: Option<u64>) {
        self.effects.push(core::Effect::SetTimer(at));
    }
    fn set_interest(&mut self, session_id: String, interest: wh::Interest) {
        let interest = core::Interest {
            lifecycle: interest.contains(wh::Interest::LIFECYCLE),
            activity: interest.contains(wh::Interest::ACTIVITY),
        };
        self.effects.push(core::Effect::SetInterest { session_id, interest });
    }
    fn task_settled(&mut self, task_id: String) {
        self.effects.push(core::Effect::TaskSettled(task_id));
    }
    fn persist(&mut self, snapshot: String) {
        self.effects.push(core::Effect::Persist(snapshot));
    }
    fn show_toast(&mut self, t: wh::Toast) {
        let variant = match t.variant {
            wh::ToastVariant::Info => core::ToastVariant::Info,
            wh::ToastVariant::Success => core::ToastVariant::Success,
            wh::ToastVariant::Warning => core::ToastVariant::Warning,
            wh::ToastVariant::Error => core::ToastVariant::Error,
        };
        self.effects.push(core::Effect::Toast(core::Toast {
            title: t.title,
            message: t.message,
            variant,
            duration_ms: t.duration_ms,
        }));
    }
    fn log(&mut self, level: wt::LogLevel, message: String) {
        let level = match level {
            wt::LogLevel::Debug => core::LogLevel::Debug,
            wt::LogLevel::Info => core::LogLevel::Info,
            wt::LogLevel::Warn => core::LogLevel::Warn,
            wt::LogLevel::Error => core::LogLevel::Error,
        };
        self.effects.push(core::Effect::Log { level, message });
    }
}

/// Compiling the component takes ~1.5 s in a debug test binary: do it once per binary.
fn compiled() -> &'static (Engine, Component) {
    static COMPILED: OnceLock<(Engine, Component)> = OnceLock::new();
    COMPILED.get_or_init(|| {
        let path = std::env::var("BACKGROUND_AGENT_WASM")
            .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/dist/background_agent.wasm").to_string());
        let engine = Engine::new(&Config::new()).expect("wasmtime engine");
        let component = Component::from_file(&engine, &path)
            .unwrap_or_else(|e| panic!("cannot load {path} ({e}); run scripts/build first"));
        (engine, component)
    })
}

pub struct WasmDriver {
    store: Store<HostState>,
    world: BackgroundAgent,
    manager: ResourceAny,
    /// The native core with the same config, snapshot, inputs and entropy (both draw from
    /// `TestRng::new(seed)`, 42 unless another instance asks for another): it answers what the
    /// component does not export, and checks the rest.
    twin: NativeDriver,
}

impl WasmDriver {
    pub fn new(config: &str, snapshot: Option<&str>, now: u64) -> Self {
        Self::with_seed(config, snapshot, now, 42)
    }

    /// Another instance: its task ids (and its twin's) come from `seed`.
    pub fn with_seed(config: &str, snapshot: Option<&str>, now: u64, seed: u64) -> Self {
        Self::try_with_seed(config, snapshot, now, seed).expect("config and snapshot are valid")
    }

    pub fn try_new(config: &str, snapshot: Option<&str>, now: u64) -> Result<Self, String> {
        Self::try_with_seed(config, snapshot, now, 42)
    }

    fn try_with_seed(config: &str, snapshot: Option<&str>, now: u64, seed: u64) -> Result<Self, String> {
        let (engine, component) = compiled();
        let mut linker = Linker::<HostState>::new(engine);
        BackgroundAgent::add_to_linker::<_, HasSelf<_>>(&mut linker, |s| s).expect("link host");
        let mut store = Store::new(engine, HostState { now, rng: TestRng::new(seed), effects: Vec::new() });
        let world = BackgroundAgent::instantiate(&mut store, component, &linker).expect("instantiate");
        let manager = world
            .opencode_background_agent_manager()
            .manager()
            .call_create(&mut store, config, snapshot)
            .expect("create does not trap")?;
        let twin = NativeDriver::with_seed(config, snapshot, now, seed);
        Ok(WasmDriver { store, world, manager, twin })
    }

    fn at(&mut self, now: u64) {
        self.store.data_mut().now = now;
    }
}

/// A part as the component takes it.
fn part_to_wit(part: core::Part) -> wm::Part {
    match part {
        core::Part::Text { text, synthetic } => wm::Part::Text(wm::TextPart { text, synthetic }),
        core::Part::Tool(t) => wm::Part::Tool(wm::ToolPart {
            id: t.id,
            tool: t.tool,
            status: match t.status {
                core::ToolStatus::Pending => wm::ToolStatus::Pending,
                core::ToolStatus::Running => wm::ToolStatus::Running,
                core::ToolStatus::Completed => wm::ToolStatus::Completed,
                core::ToolStatus::Error => wm::ToolStatus::Error,
                core::ToolStatus::Other => wm::ToolStatus::Other,
            },
            input: t.input,
        }),
        core::Part::Other => wm::Part::Other,
    }
}

/// An SDK call's error as the component takes it.
fn sdk_error_to_wit(e: core::SdkError) -> wm::SdkError {
    wm::SdkError { status: e.status, name: e.name, message: e.message }
}

/// A message as the component takes it.
fn message_to_wit(message: core::Message) -> wm::MessageUpdated {
    wm::MessageUpdated {
        message_id: message.id,
        role: match message.role {
            core::Role::User => wm::MessageRole::User,
            core::Role::Assistant => wm::MessageRole::Assistant,
            core::Role::Other => wm::MessageRole::Other,
        },
        error: message.error,
        usage: message.usage.map(|u| wm::Usage {
            tokens_in: u.tokens_in as f64,
            tokens_out: u.tokens_out as f64,
            tokens_reasoning: u.tokens_reasoning as f64,
            tokens_cache_read: u.tokens_cache_read as f64,
            cost: u.cost,
        }),
    }
}

/// The component's answer, after checking that the native twin gave the same.
fn same<T: PartialEq + std::fmt::Debug>(what: &str, component: T, twin: T) -> T {
    assert_eq!(component, twin, "{what}: the component and the native core differ");
    component
}

macro_rules! call {
    ($self:ident, $method:ident $(, $arg:expr)*) => {{
        let api = $self.world.opencode_background_agent_manager().manager();
        api.$method(&mut $self.store, $self.manager $(, $arg)*).expect(concat!(stringify!($method), " must not trap"))
    }};
}

impl Driver for WasmDriver {
    fn name(&self) -> &'static str {
        "wasm"
    }
    fn launch(&mut self, now: u64, req: core::LaunchRequest) -> Result<core::TaskView, core::RequestError> {
        self.at(now);
        let twin = self.twin.launch(now, req.clone()).map(|v| {
            let receipt = self.twin.launch_text(&v.id).expect("a launched task has a receipt");
            (v, receipt)
        });
        let req = wm::LaunchRequest {
            parent_session_id: req.parent_session_id,
            parent_message_id: req.parent_message_id,
            parent_agent: req.parent_agent,
            parent_model: req.parent_model.map(model_to_wit),
            description: req.description,
            prompt: req.prompt,
            agent: req.agent,
            model: req.model.map(model_to_wit),
            system: req.system,
            fallback: req.fallback.into_iter().map(model_to_wit).collect(),
            budget: wt::Budget {
                tokens: req.budget.tokens,
                cost_usd: req.budget.cost_usd,
                minutes: req.budget.minutes,
            },
            after: req.after,
            on_failure: match req.on_failure {
                core::PrerequisiteFailure::Skip => wm::PrerequisiteFailure::Skip,
                core::PrerequisiteFailure::Run => wm::PrerequisiteFailure::Run,
            },
        };
        let launched = call!(self, call_launch, &req)
            .map(|l| (view_from_wit(l.task), reply_from_wit(l.receipt)))
            .map_err(error_from_wit);
        same("launch", launched, twin).map(|(view, _)| view)
    }
    fn cancel(
        &mut self,
        now: u64,
        caller: &str,
        id: &str,
        o: core::CancelOptions,
    ) -> Result<core::TaskView, core::RequestError> {
        self.at(now);
        let twin = self.twin.cancel(now, caller, id, o);
        let o = wm::CancelOptions { abort_session: o.abort_session, notify_parent: o.notify_parent };
        same("cancel", call!(self, call_cancel, caller, id, o).map(view_from_wit).map_err(error_from_wit), twin)
    }
    fn resume_with_budget(
        &mut self,
        now: u64,
        caller: &str,
        task: &str,
        prompt: &str,
        budget: core::Budget,
    ) -> Result<core::TaskView, core::RequestError> {
        self.at(now);
        let twin = self.twin.resume_with_budget(now, caller, task, prompt, budget);
        let budget = wt::Budget { tokens: budget.tokens, cost_usd: budget.cost_usd, minutes: budget.minutes };
        let resumed = call!(self, call_resume, caller, task, prompt, budget).map(|l| view_from_wit(l.task));
        same("resume", resumed.map_err(error_from_wit), twin)
    }
    fn message(&mut self, now: u64, caller: &str, task: &str, text: &str, mode: core::SteerMode) -> super::Receipt {
        self.at(now);
        let twin = self.twin.message(now, caller, task, text, mode);
        let mode = match mode {
            core::SteerMode::Queue => wm::SteerMode::Queue,
            core::SteerMode::Interrupt => wm::SteerMode::Interrupt,
        };
        let sent = call!(self, call_message, caller, task, text, mode)
            .map(|l| (view_from_wit(l.task), reply_from_wit(l.receipt)));
        same("message", sent.map_err(error_from_wit), twin)
    }
    fn track(&mut self, _now: u64, _r: core::TrackRequest) -> Result<core::TaskView, core::RequestError> {
        panic!("`track` is not exported by the component (the plugin never adopts a session): run it natively")
    }
    fn descendants(&mut self, session: &str) -> Vec<core::TaskView> {
        self.twin.descendants(session)
    }
    fn cancel_all(&mut self, now: u64, parent: &str, o: core::CancelOptions) -> Vec<core::TaskView> {
        self.at(now);
        let twin = self.twin.cancel_all(now, parent, o);
        let o = wm::CancelOptions { abort_session: o.abort_session, notify_parent: o.notify_parent };
        same("cancel-all", call!(self, call_cancel_all, parent, o).into_iter().map(view_from_wit).collect(), twin)
    }
    fn handle_event(&mut self, now: u64, event: core::Event) {
        self.at(now);
        self.twin.handle_event(now, event.clone());
        let event = match event {
            core::Event::PartUpdated { session_id, part } => {
                return call!(self, call_handle_part_updated, &session_id, &part_to_wit(part));
            }
            core::Event::MessageUpdated { session_id, message } => {
                return call!(self, call_handle_message_updated, &session_id, &message_to_wit(message));
            }
            core::Event::PartDelta { session_id } => wm::Event::PartDelta(session_id),
            core::Event::Session { event_type, session_id, properties } => {
                wm::Event::Session(wm::SessionEvent { event_type, session_id, properties })
            }
        };
        call!(self, call_handle_event, &event)
    }
    fn complete(&mut self, now: u64, id: u64, reply: Result<String, core::SdkError>) {
        self.at(now);
        self.twin.complete(now, id, reply.clone());
        let reply = reply.map_err(sdk_error_to_wit);
        call!(self, call_complete, id, reply.as_ref().map(String::as_str))
    }
    fn on_timer(&mut self, now: u64) {
        self.at(now);
        self.twin.on_timer(now);
        call!(self, call_on_timer)
    }
    fn get(&mut self, caller: &str, id: &str) -> Result<core::TaskView, core::RequestError> {
        self.twin.get(caller, id)
    }
    fn get_by_session(&mut self, session: &str) -> Option<core::TaskView> {
        self.twin.get_by_session(session)
    }
    fn list(&mut self, parent: &str) -> Vec<core::TaskView> {
        self.twin.list(parent)
    }
    fn output_text(
        &mut self,
        now: u64,
        caller: &str,
        id: &str,
        page: core::OutputPage,
    ) -> Result<core::ToolReply, core::RequestError> {
        self.at(now);
        let twin = self.twin.output_text(now, caller, id, page);
        let start = match page.start {
            core::PageStart::Offset(offset) => wm::PageStart::Offset(offset),
            core::PageStart::Tail => wm::PageStart::Tail,
        };
        let page = wm::OutputPage { start, max_chars: page.max_chars };
        let reply = call!(self, call_output_text, caller, id, page);
        same("output-text", reply.map(reply_from_wit).map_err(error_from_wit), twin)
    }
    fn reply(
        &mut self,
        now: u64,
        caller: &str,
        task: &str,
        answer: core::Answer,
    ) -> Result<core::ToolReply, core::RequestError> {
        self.at(now);
        let twin = self.twin.reply(now, caller, task, answer.clone());
        let answer = match answer {
            core::Answer::Once => wm::Answer::Once,
            core::Answer::Reject { message } => wm::Answer::Reject(message),
            core::Answer::Answers(answers) => wm::Answer::Answers(answers),
        };
        let reply = call!(self, call_reply, caller, task, &answer);
        same("reply", reply.map(reply_from_wit).map_err(error_from_wit), twin)
    }
    fn wait_targets(&mut self, caller: &str, ids: &[String]) -> Result<Vec<String>, core::RequestError> {
        let twin = self.twin.wait_targets(caller, ids);
        let targets = call!(self, call_wait_targets, caller, ids);
        same("wait-targets", targets.map_err(error_from_wit), twin)
    }
    fn wait_text(&mut self, now: u64, caller: &str, ids: &[String]) -> Result<core::ToolReply, core::RequestError> {
        self.at(now);
        let twin = self.twin.wait_text(now, caller, ids);
        let reply = call!(self, call_wait_text, caller, ids);
        same("wait-text", reply.map(reply_from_wit).map_err(error_from_wit), twin)
    }
    fn transcript_source(&mut self, caller: &str, id: &str) -> Result<(String, u32), core::RequestError> {
        let twin = self.twin.transcript_source(caller, id);
        let source = call!(self, call_transcript_source, caller, id).map(|s| (s.session_id, s.limit));
        same("transcript-source", source.map_err(error_from_wit), twin)
    }
    fn transcript_text(
        &mut self,
        now: u64,
        caller: &str,
        id: &str,
        messages: Result<String, core::SdkError>,
    ) -> super::Reply {
        self.at(now);
        let twin = self.twin.transcript_text(now, caller, id, messages.clone());
        let messages = messages.map_err(sdk_error_to_wit);
        let text = call!(self, call_transcript_text, caller, id, messages.as_ref().map(String::as_str));
        same("transcript-text", text.map(reply_from_wit).map_err(error_from_wit), twin)
    }
    fn list_text(&mut self, now: u64, caller: &str, page: core::Page) -> core::ToolReply {
        self.at(now);
        let twin = self.twin.list_text(now, caller, page);
        let wit_page = wm::Page { offset: page.offset, limit: page.limit };
        same("list-text", reply_from_wit(call!(self, call_list_text, caller, wit_page)), twin)
    }
    fn take_injection(&mut self, now: u64, parent: &str) -> Option<String> {
        self.at(now);
        let twin = self.twin.take_injection(now, parent);
        same("take-injection", call!(self, call_take_injection, parent), twin)
    }
    fn compaction_context(&mut self, session: &str) -> Option<String> {
        let twin = self.twin.compaction_context(session);
        same("compaction-context", call!(self, call_compaction_context, session), twin)
    }
    fn snapshot(&mut self) -> String {
        self.twin.snapshot()
    }
    fn adopt(&mut self, now: u64, snapshot: &str) -> Result<u32, String> {
        self.at(now);
        let twin = self.twin.adopt(now, snapshot);
        same("adopt", call!(self, call_adopt, snapshot), twin)
    }
    fn shutdown(&mut self, now: u64) {
        self.at(now);
        self.twin.shutdown(now);
        call!(self, call_shutdown)
    }
    fn malformed_events(&mut self) -> u64 {
        self.twin.malformed_events()
    }
    fn launch_text(&mut self, id: &str) -> Result<core::ToolReply, core::RequestError> {
        self.twin.launch_text(id)
    }
    fn check_invariants(&mut self) -> Result<(), String> {
        self.twin.check_invariants()
    }
    fn announcements(&mut self, id: &str) -> Option<u32> {
        self.twin.announcements(id)
    }
    fn effects(&mut self) -> Vec<core::Effect> {
        let twin = self.twin.effects();
        let effects = std::mem::take(&mut self.store.data_mut().effects);
        same("effects", effects.iter().map(comparable).collect(), twin.iter().map(comparable).collect::<Vec<_>>());
        effects
    }
}

/// An effect as the two cores must agree on it. A task's `last_tool_signature` in a snapshot is a
/// `DefaultHasher` value, which differs between wasm32 and a 64-bit host (the hash of the
/// `Option` discriminant is pointer-sized): it is left out of the comparison.
fn comparable(effect: &core::Effect) -> core::Effect {
    match effect {
        core::Effect::Persist(snapshot) => {
            let mut v: serde_json::Value = serde_json::from_str(snapshot).expect("a snapshot is JSON");
            forget_signatures(&mut v);
            core::Effect::Persist(v.to_string())
        }
        other => other.clone(),
    }
}

fn forget_signatures(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(map) => {
            map.remove("last_tool_signature");
            map.values_mut().for_each(forget_signatures);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(forget_signatures),
        _ => {}
    }
}

// ---------------------------------------------------------------- conversions

fn model_to_wit(m: core::ModelRef) -> wt::ModelRef {
    wt::ModelRef { provider_id: m.provider_id, model_id: m.model_id, variant: m.variant }
}

fn model_from_wit(m: wt::ModelRef) -> core::ModelRef {
    core::ModelRef { provider_id: m.provider_id, model_id: m.model_id, variant: m.variant }
}

fn view_from_wit(t: wt::TaskView) -> core::TaskView {
    let status = match t.status {
        wt::TaskStatus::Pending => core::TaskStatus::Pending,
        wt::TaskStatus::Running => core::TaskStatus::Running,
        wt::TaskStatus::Completed => core::TaskStatus::Completed,
        wt::TaskStatus::Error => core::TaskStatus::Error,
        wt::TaskStatus::Cancelled => core::TaskStatus::Cancelled,
        wt::TaskStatus::Interrupted => core::TaskStatus::Interrupted,
    };
    let p = t.progress;
    core::TaskView {
        id: t.id,
        description: t.description,
        agent: t.agent,
        model: t.model.map(model_from_wit),
        status,
        parent_session_id: t.parent_session_id,
        session_id: t.session_id,
        queued_at: t.queued_at,
        started_at: t.started_at,
        completed_at: t.completed_at,
        error: t.error,
        result: t.result,
        progress: core::TaskProgress {
            tool_calls: p.tool_calls,
            last_tool: p.last_tool,
            last_activity_at: p.last_activity_at,
            last_message: p.last_message,
            tokens_in: p.tokens_in,
            tokens_out: p.tokens_out,
            tokens_reasoning: p.tokens_reasoning,
            tokens_cache_read: p.tokens_cache_read,
            cost: p.cost,
            steered: p.steered,
        },
        concurrency_key: t.concurrency_key,
        attempts: t.attempts,
        depth: t.depth,
        budget: core::Budget { tokens: t.budget.tokens, cost_usd: t.budget.cost_usd, minutes: t.budget.minutes },
        after: t.after,
        waiting_for: t.waiting_for,
    }
}

fn error_from_wit(e: wm::RequestError) -> core::RequestError {
    match e {
        wm::RequestError::Invalid(m) => core::RequestError::Invalid(m),
        wm::RequestError::NotFound(m) => core::RequestError::NotFound(m),
        wm::RequestError::Limit(m) => core::RequestError::Limit(m),
        wm::RequestError::Conflict(m) => core::RequestError::Conflict(m),
        wm::RequestError::Denied(m) => core::RequestError::Denied(m),
        wm::RequestError::ShuttingDown => core::RequestError::ShuttingDown,
    }
}

fn reply_from_wit(r: wm::ToolReply) -> core::ToolReply {
    core::ToolReply { title: r.title, output: r.output, task_id: r.task_id, session_id: r.session_id }
}

impl From<wh::SdkRequest> for core::SdkRequest {
    fn from(r: wh::SdkRequest) -> Self {
        match r {
            wh::SdkRequest::CreateSession(c) => core::SdkRequest::CreateSession {
                parent_id: c.parent_id,
                title: c.title,
                permission: c
                    .permission
                    .into_iter()
                    .map(|p| core::PermissionRule {
                        permission: p.permission,
                        pattern: p.pattern,
                        action: match p.action {
                            wh::PermissionAction::Allow => core::PermissionAction::Allow,
                            wh::PermissionAction::Deny => core::PermissionAction::Deny,
                            wh::PermissionAction::Ask => core::PermissionAction::Ask,
                        },
                    })
                    .collect(),
            },
            wh::SdkRequest::PromptSession(p) => core::SdkRequest::PromptSession(core::PromptSession {
                session_id: p.session_id,
                agent: p.agent,
                model: p.model.map(model_from_wit),
                system: p.system,
                parts: p.parts,
                no_reply: p.no_reply,
            }),
            wh::SdkRequest::AbortSession(s) => core::SdkRequest::AbortSession(s),
            wh::SdkRequest::GetSession(s) => core::SdkRequest::GetSession(s),
            wh::SdkRequest::SessionMessages(m) => {
                core::SdkRequest::SessionMessages { session_id: m.session_id, limit: m.limit }
            }
            wh::SdkRequest::SessionStatus => core::SdkRequest::SessionStatus,
            wh::SdkRequest::ListAgents => core::SdkRequest::ListAgents,
            wh::SdkRequest::ReplyPermission(r) => core::SdkRequest::ReplyPermission {
                request_id: r.request_id,
                verdict: match r.verdict {
                    wh::PermissionVerdict::Once => core::PermissionVerdict::Once,
                    wh::PermissionVerdict::Reject => core::PermissionVerdict::Reject,
                },
                message: r.message,
            },
            wh::SdkRequest::ReplyQuestion(r) => {
                core::SdkRequest::ReplyQuestion { request_id: r.request_id, answers: r.answers }
            }
            wh::SdkRequest::RejectQuestion(id) => core::SdkRequest::RejectQuestion(id),
            wh::SdkRequest::PublishTasks(p) => {
                core::SdkRequest::PublishTasks { session_id: p.session_id, view: p.view }
            }
        }
    }
}
