//! The wit-bindgen glue, nothing else: export calls become core inputs (with the time read
//! once from `host.now-ms`), and the core's effects become `host` import calls.

use crate::api as core;
use crate::effects::Effect;
use crate::ids;
use crate::manager::Manager as CoreManager;
use std::cell::RefCell;

wit_bindgen::generate!({ world: "background-agent", path: "wit" });

use exports::opencode::background_agent::manager as wm;
use opencode::background_agent::host;
use opencode::background_agent::types as wt;

struct Component;

impl wm::Guest for Component {
    type Manager = ManagerResource;
}

export!(Component);

pub(crate) struct ManagerResource(RefCell<CoreManager>);

fn now() -> u64 {
    count(host::now_ms())
}

/// A number JS passed as a float (a time, a token count), as a count: the fraction is dropped,
/// and NaN or a negative value is 0 (`as` saturates).
fn count(x: f64) -> u64 {
    x as u64
}

impl ManagerResource {
    /// Runs one input against the core, then performs every effect it queued.
    fn with<R>(&self, f: impl FnOnce(&mut CoreManager, u64) -> R) -> R {
        let mut m = self.0.borrow_mut();
        let r = f(&mut m, now());
        drain(&mut m);
        r
    }
}

fn drain(m: &mut CoreManager) {
    while let Some(effect) = m.poll_effect() {
        match effect {
            Effect::Call { id, request } => host::call(id, &request.into()),
            Effect::SetTimer(at) => host::set_timer(at),
            Effect::SetInterest { session_id, interest } => host::set_interest(&session_id, interest.into()),
            Effect::TaskSettled(id) => host::task_settled(&id),
            Effect::Persist(snapshot) => host::persist(&snapshot),
            Effect::Toast(t) => host::show_toast(&t.into()),
            Effect::Log { level, message } => host::log(level.into(), &message),
        }
    }
}

impl wm::GuestManager for ManagerResource {
    fn create(config: String, snapshot: Option<String>) -> Result<wm::Manager, String> {
        let mut m = CoreManager::new(&config, snapshot.as_deref(), now()).map_err(|e| e.to_string())?;
        drain(&mut m);
        Ok(wm::Manager::new(ManagerResource(RefCell::new(m))))
    }

    fn validate_config(config: String) -> Result<(), String> {
        crate::config::Config::from_json(&config).map(|_| ()).map_err(|e| e.to_string())
    }

    fn launch(&self, request: wm::LaunchRequest) -> Result<wm::Launched, wm::RequestError> {
        let entropy = ids::entropy(&host::random_bytes(16));
        self.with(|m, now| -> Result<_, core::RequestError> {
            let task = m.launch(now, entropy, request.into())?;
            let receipt = m.launch_text(&task.id)?;
            Ok(launched(task, receipt))
        })
        .map_err(Into::into)
    }

    fn resume(
        &self,
        caller: String,
        task: String,
        prompt: String,
        budget: wt::Budget,
    ) -> Result<wm::Launched, wm::RequestError> {
        self.with(|m, now| -> Result<_, core::RequestError> {
            let task = m.resume_with_budget(now, &caller, &task, &prompt, budget.into())?;
            let receipt = m.resume_text(&task.id)?;
            Ok(launched(task, receipt))
        })
        .map_err(Into::into)
    }

    fn message(
        &self,
        caller: String,
        task: String,
        text: String,
        mode: wm::SteerMode,
    ) -> Result<wm::Launched, wm::RequestError> {
        let mode = match mode {
            wm::SteerMode::Queue => core::SteerMode::Queue,
            wm::SteerMode::Interrupt => core::SteerMode::Interrupt,
        };
        self.with(|m, now| -> Result<_, core::RequestError> {
            let steered = m.message(now, &caller, &task, &text, mode)?;
            let receipt = m.message_text(&steered)?;
            Ok(launched(steered.task, receipt))
        })
        .map_err(Into::into)
    }

    fn reply(&self, caller: String, task: String, answer: wm::Answer) -> Result<wm::ToolReply, wm::RequestError> {
        let answer = match answer {
            wm::Answer::Once => core::Answer::Once,
            wm::Answer::Reject(message) => core::Answer::Reject { message },
            wm::Answer::Answers(answers) => core::Answer::Answers(answers),
        };
        self.with(|m, now| m.reply(now, &caller, &task, answer)).map(Into::into).map_err(Into::into)
    }

    fn cancel(
        &self,
        caller: String,
        task_id: String,
        options: wm::CancelOptions,
    ) -> Result<wt::TaskView, wm::RequestError> {
        let options =
            core::CancelOptions { abort_session: options.abort_session, notify_parent: options.notify_parent };
        self.with(|m, now| m.cancel(now, &caller, &task_id, options)).map(Into::into).map_err(Into::into)
    }

    fn cancel_all(&self, parent_session_id: String, options: wm::CancelOptions) -> Vec<wt::TaskView> {
        let options =
            core::CancelOptions { abort_session: options.abort_session, notify_parent: options.notify_parent };
        self.with(|m, now| m.cancel_all(now, &parent_session_id, options)).into_iter().map(Into::into).collect()
    }

    fn handle_event(&self, event: wm::Event) {
        let event = match event {
            wm::Event::PartDelta(session_id) => core::Event::PartDelta { session_id },
            wm::Event::Session(e) => {
                core::Event::Session { event_type: e.event_type, session_id: e.session_id, properties: e.properties }
            }
        };
        self.with(|m, now| m.handle_event(now, event));
    }

    fn handle_part_updated(&self, session_id: String, part: wm::Part) {
        self.with(|m, now| m.handle_event(now, core::Event::PartUpdated { session_id, part: part.into() }));
    }

    fn handle_message_updated(&self, session_id: String, message: wm::MessageUpdated) {
        let message = core::Message {
            id: message.message_id,
            role: message.role.into(),
            error: message.error,
            usage: message.usage.map(|u| core::MessageUsage {
                tokens_in: count(u.tokens_in),
                tokens_out: count(u.tokens_out),
                tokens_reasoning: count(u.tokens_reasoning),
                tokens_cache_read: count(u.tokens_cache_read),
                cost: u.cost,
            }),
        };
        self.with(|m, now| m.handle_event(now, core::Event::MessageUpdated { session_id, message }));
    }

    fn complete(&self, id: u64, reply: Result<String, wm::SdkError>) {
        let reply = reply.map_err(Into::into);
        self.with(|m, now| m.complete(now, id, reply));
    }

    fn on_timer(&self) {
        self.with(|m, now| m.on_timer(now));
    }

    fn settled(&self, caller: String, task_id: String) -> Result<bool, wm::RequestError> {
        self.0.borrow().settled(&caller, &task_id).map_err(Into::into)
    }

    fn output_text(
        &self,
        caller: String,
        task_id: String,
        page: wm::OutputPage,
    ) -> Result<wm::ToolReply, wm::RequestError> {
        let start = match page.start {
            wm::PageStart::Offset(offset) => core::PageStart::Offset(offset),
            wm::PageStart::Tail => core::PageStart::Tail,
        };
        let page = core::OutputPage { start, max_chars: page.max_chars };
        self.with(|m, now| m.output_text(now, &caller, &task_id, page)).map(Into::into).map_err(Into::into)
    }

    fn wait_targets(&self, caller: String, task_ids: Vec<String>) -> Result<Vec<String>, wm::RequestError> {
        self.0.borrow().wait_targets(&caller, &task_ids).map_err(Into::into)
    }

    fn wait_text(&self, caller: String, task_ids: Vec<String>) -> Result<wm::ToolReply, wm::RequestError> {
        self.with(|m, now| m.wait_text(now, &caller, &task_ids)).map(Into::into).map_err(Into::into)
    }

    fn transcript_source(&self, caller: String, task_id: String) -> Result<wm::TranscriptSource, wm::RequestError> {
        let (session_id, limit) =
            self.0.borrow().transcript_source(&caller, &task_id).map_err(wm::RequestError::from)?;
        Ok(wm::TranscriptSource { session_id, limit })
    }

    fn transcript_text(
        &self,
        caller: String,
        task_id: String,
        messages: Result<String, wm::SdkError>,
    ) -> Result<wm::ToolReply, wm::RequestError> {
        let messages = messages.map_err(Into::into);
        self.0.borrow().transcript_text(now(), &caller, &task_id, messages).map(Into::into).map_err(Into::into)
    }

    fn list_text(&self, caller: String, page: wm::Page) -> wm::ToolReply {
        let page = core::Page { offset: page.offset, limit: page.limit };
        self.0.borrow().list_text(now(), &caller, page).into()
    }

    fn cancel_text(&self, task_ids: Vec<String>) -> wm::ToolReply {
        self.0.borrow().cancel_text(&task_ids).into()
    }

    fn take_injection(&self, session_id: String) -> Option<String> {
        self.with(|m, now| m.take_injection(now, &session_id))
    }

    fn compaction_context(&self, session_id: String) -> Option<String> {
        self.0.borrow().compaction_context(&session_id)
    }

    fn adopt(&self, snapshot: String) -> Result<u32, String> {
        self.with(|m, now| m.adopt(now, &snapshot))
    }

    fn shutdown(&self) {
        self.with(|m, now| m.shutdown(now));
    }
}

// ---------------------------------------------------------------- conversions (field copies)

fn launched(task: core::TaskView, receipt: core::ToolReply) -> wm::Launched {
    wm::Launched { task: task.into(), receipt: receipt.into() }
}

impl From<wm::SdkError> for core::SdkError {
    fn from(e: wm::SdkError) -> Self {
        core::SdkError { status: e.status, name: e.name, message: e.message }
    }
}

impl From<wm::Part> for core::Part {
    fn from(p: wm::Part) -> Self {
        match p {
            wm::Part::Text(t) => core::Part::Text { text: t.text, synthetic: t.synthetic },
            wm::Part::Tool(t) => core::Part::Tool(core::ToolPart {
                id: t.id,
                tool: t.tool,
                status: match t.status {
                    wm::ToolStatus::Pending => core::ToolStatus::Pending,
                    wm::ToolStatus::Running => core::ToolStatus::Running,
                    wm::ToolStatus::Completed => core::ToolStatus::Completed,
                    wm::ToolStatus::Error => core::ToolStatus::Error,
                    wm::ToolStatus::Other => core::ToolStatus::Other,
                },
                input: t.input,
            }),
            wm::Part::Other => core::Part::Other,
        }
    }
}

impl From<wm::MessageRole> for core::Role {
    fn from(r: wm::MessageRole) -> Self {
        match r {
            wm::MessageRole::User => core::Role::User,
            wm::MessageRole::Assistant => core::Role::Assistant,
            wm::MessageRole::Other => core::Role::Other,
        }
    }
}

impl From<wt::ModelRef> for core::ModelRef {
    fn from(m: wt::ModelRef) -> Self {
        core::ModelRef { provider_id: m.provider_id, model_id: m.model_id, variant: m.variant }
    }
}

impl From<core::ModelRef> for wt::ModelRef {
    fn from(m: core::ModelRef) -> Self {
        wt::ModelRef { provider_id: m.provider_id, model_id: m.model_id, variant: m.variant }
    }
}

impl From<wt::Budget> for core::Budget {
    fn from(b: wt::Budget) -> Self {
        core::Budget { tokens: b.tokens, cost_usd: b.cost_usd, minutes: b.minutes }
    }
}

impl From<core::Budget> for wt::Budget {
    fn from(b: core::Budget) -> Self {
        wt::Budget { tokens: b.tokens, cost_usd: b.cost_usd, minutes: b.minutes }
    }
}

impl From<wm::LaunchRequest> for core::LaunchRequest {
    fn from(r: wm::LaunchRequest) -> Self {
        core::LaunchRequest {
            parent_session_id: r.parent_session_id,
            parent_message_id: r.parent_message_id,
            parent_agent: r.parent_agent,
            parent_model: r.parent_model.map(Into::into),
            description: r.description,
            prompt: r.prompt,
            agent: r.agent,
            model: r.model.map(Into::into),
            system: r.system,
            fallback: r.fallback.into_iter().map(Into::into).collect(),
            budget: r.budget.into(),
            after: r.after,
            on_failure: match r.on_failure {
                wm::PrerequisiteFailure::Skip => core::PrerequisiteFailure::Skip,
                wm::PrerequisiteFailure::Run => core::PrerequisiteFailure::Run,
            },
        }
    }
}

impl From<core::TaskStatus> for wt::TaskStatus {
    fn from(s: core::TaskStatus) -> Self {
        match s {
            core::TaskStatus::Pending => wt::TaskStatus::Pending,
            core::TaskStatus::Running => wt::TaskStatus::Running,
            core::TaskStatus::Completed => wt::TaskStatus::Completed,
            core::TaskStatus::Error => wt::TaskStatus::Error,
            core::TaskStatus::Cancelled => wt::TaskStatus::Cancelled,
            core::TaskStatus::Interrupted => wt::TaskStatus::Interrupted,
        }
    }
}

impl From<core::TaskView> for wt::TaskView {
    fn from(t: core::TaskView) -> Self {
        let p = t.progress;
        wt::TaskView {
            id: t.id,
            description: t.description,
            agent: t.agent,
            model: t.model.map(Into::into),
            status: t.status.into(),
            parent_session_id: t.parent_session_id,
            session_id: t.session_id,
            queued_at: t.queued_at,
            started_at: t.started_at,
            completed_at: t.completed_at,
            error: t.error,
            result: t.result,
            progress: wt::TaskProgress {
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
            budget: t.budget.into(),
            after: t.after,
            waiting_for: t.waiting_for,
        }
    }
}

impl From<core::RequestError> for wm::RequestError {
    fn from(e: core::RequestError) -> Self {
        match e {
            core::RequestError::Invalid(m) => wm::RequestError::Invalid(m),
            core::RequestError::NotFound(m) => wm::RequestError::NotFound(m),
            core::RequestError::Limit(m) => wm::RequestError::Limit(m),
            core::RequestError::Conflict(m) => wm::RequestError::Conflict(m),
            core::RequestError::Denied(m) => wm::RequestError::Denied(m),
            core::RequestError::ShuttingDown => wm::RequestError::ShuttingDown,
        }
    }
}

impl From<core::ToolReply> for wm::ToolReply {
    fn from(r: core::ToolReply) -> Self {
        wm::ToolReply { title: r.title, output: r.output, task_id: r.task_id, session_id: r.session_id }
    }
}

impl From<core::LogLevel> for wt::LogLevel {
    fn from(l: core::LogLevel) -> Self {
        match l {
            core::LogLevel::Debug => wt::LogLevel::Debug,
            core::LogLevel::Info => wt::LogLevel::Info,
            core::LogLevel::Warn => wt::LogLevel::Warn,
            core::LogLevel::Error => wt::LogLevel::Error,
        }
    }
}

impl From<core::Interest> for host::Interest {
    fn from(i: core::Interest) -> Self {
        let mut flags = host::Interest::empty();
        if i.lifecycle {
            flags |= host::Interest::LIFECYCLE;
        }
        if i.activity {
            flags |= host::Interest::ACTIVITY;
        }
        flags
    }
}

impl From<core::Toast> for host::Toast {
    fn from(t: core::Toast) -> Self {
        let variant = match t.variant {
            core::ToastVariant::Info => host::ToastVariant::Info,
            core::ToastVariant::Success => host::ToastVariant::Success,
            core::ToastVariant::Warning => host::ToastVariant::Warning,
            core::ToastVariant::Error => host::ToastVariant::Error,
        };
        host::Toast { title: t.title, message: t.message, variant, duration_ms: t.duration_ms }
    }
}

impl From<core::SdkRequest> for host::SdkRequest {
    fn from(r: core::SdkRequest) -> Self {
        match r {
            core::SdkRequest::CreateSession { parent_id, title, permission } => {
                host::SdkRequest::CreateSession(host::CreateSession {
                    parent_id,
                    title,
                    permission: permission
                        .into_iter()
                        .map(|p| host::PermissionRule {
                            permission: p.permission,
                            pattern: p.pattern,
                            action: match p.action {
                                core::PermissionAction::Allow => host::PermissionAction::Allow,
                                core::PermissionAction::Deny => host::PermissionAction::Deny,
                                core::PermissionAction::Ask => host::PermissionAction::Ask,
                            },
                        })
                        .collect(),
                })
            }
            core::SdkRequest::ReplyPermission { request_id, verdict, message } => {
                let verdict = match verdict {
                    core::PermissionVerdict::Once => host::PermissionVerdict::Once,
                    core::PermissionVerdict::Reject => host::PermissionVerdict::Reject,
                };
                host::SdkRequest::ReplyPermission(host::PermissionReply { request_id, verdict, message })
            }
            core::SdkRequest::ReplyQuestion { request_id, answers } => {
                host::SdkRequest::ReplyQuestion(host::QuestionReply { request_id, answers })
            }
            core::SdkRequest::RejectQuestion(id) => host::SdkRequest::RejectQuestion(id),
            core::SdkRequest::PublishTasks { session_id, view } => {
                host::SdkRequest::PublishTasks(host::PublishedTasks { session_id, view })
            }
            core::SdkRequest::PromptSession(p) => host::SdkRequest::PromptSession(host::PromptSession {
                session_id: p.session_id,
                agent: p.agent,
                model: p.model.map(Into::into),
                system: p.system,
                parts: p.parts,
                no_reply: p.no_reply,
            }),
            core::SdkRequest::AbortSession(s) => host::SdkRequest::AbortSession(s),
            core::SdkRequest::GetSession(s) => host::SdkRequest::GetSession(s),
            core::SdkRequest::SessionMessages { session_id, limit } => {
                host::SdkRequest::SessionMessages(host::SessionMessages { session_id, limit })
            }
            core::SdkRequest::SessionStatus => host::SdkRequest::SessionStatus,
            core::SdkRequest::ListAgents => host::SdkRequest::ListAgents,
        }
    }
}
