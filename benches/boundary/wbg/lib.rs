//! One-off measurement only: the same core behind a tiny wasm-bindgen API, to compare against
//! the jco-transpiled component (docs/boundary.md). Not part of the project's build; wbg/build.sh
//! compiles it in a scratch crate outside the repository.

use background_agent::{CancelOptions, Effect, Event, LaunchRequest, Manager, TaskStatus};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// The host object passed to the constructor.
    pub type Host;
    #[wasm_bindgen(method, js_name = nowMs)]
    fn now_ms(this: &Host) -> f64;
    /// An SDK call to answer later with `completeOk(id, json)`; `kind` is the WIT case name.
    #[wasm_bindgen(method)]
    fn call(this: &Host, id: f64, kind: &str);
    /// Any other effect, by name (set-timer, set-interest, persist, ...).
    #[wasm_bindgen(method)]
    fn effect(this: &Host, kind: &str);
    #[wasm_bindgen(method)]
    fn log(this: &Host, level: &str, message: &str);
}

#[wasm_bindgen]
pub struct BenchManager {
    core: Manager,
    host: Host,
}

/// The ids a `message.part.delta` carries; `field` and `delta` are skipped.
#[derive(Deserialize)]
struct DeltaProps {
    #[serde(rename = "sessionID")]
    session_id: String,
    #[serde(rename = "messageID")]
    message_id: String,
    #[serde(rename = "partID")]
    part_id: String,
}

impl BenchManager {
    fn now(&self) -> u64 {
        self.host.now_ms() as u64
    }

    fn drain(&mut self) {
        while let Some(effect) = self.core.poll_effect() {
            match effect {
                Effect::Call { id, request } => {
                    let kind = match request {
                        background_agent::SdkRequest::CreateSession { .. } => "create-session",
                        background_agent::SdkRequest::PromptSession(_) => "prompt-session",
                        background_agent::SdkRequest::AbortSession(_) => "abort-session",
                        background_agent::SdkRequest::GetSession(_) => "get-session",
                        background_agent::SdkRequest::SessionMessages { .. } => "session-messages",
                        background_agent::SdkRequest::SessionStatus => "session-status",
                    };
                    self.host.call(id as f64, kind);
                }
                Effect::SetTimer(_) => self.host.effect("set-timer"),
                Effect::SetInterest { .. } => self.host.effect("set-interest"),
                Effect::TaskSettled(_) => self.host.effect("task-settled"),
                Effect::Persist(_) => self.host.effect("persist"),
                Effect::Toast(_) => self.host.effect("show-toast"),
                Effect::Log { level, message } => self.host.log(&format!("{level:?}"), &message),
            }
        }
    }

    fn event(&mut self, event: Event) {
        let now = self.now();
        self.core.handle_event(now, event);
        self.drain();
    }
}

#[wasm_bindgen]
impl BenchManager {
    #[wasm_bindgen(constructor)]
    pub fn new(config: &str, host: Host) -> Result<BenchManager, JsError> {
        let now = host.now_ms() as u64;
        let core = Manager::new(config, None, now).map_err(|e| JsError::new(&e.0))?;
        let mut m = BenchManager { core, host };
        m.drain();
        Ok(m)
    }

    /// Launches a task; returns its id.
    pub fn launch(
        &mut self,
        parent: &str,
        description: &str,
        prompt: &str,
        agent: &str,
        entropy: &[u8],
    ) -> Result<String, JsError> {
        let now = self.now();
        let req = LaunchRequest {
            parent_session_id: parent.into(),
            description: description.into(),
            prompt: prompt.into(),
            agent: agent.into(),
            ..LaunchRequest::default()
        };
        let r = self.core.launch(now, background_agent::entropy(entropy), req);
        self.drain();
        r.map(|v| v.id).map_err(|e| JsError::new(&e.to_string()))
    }

    #[wasm_bindgen(js_name = completeOk)]
    pub fn complete_ok(&mut self, id: f64, reply: String) {
        let now = self.now();
        self.core.complete(now, id as u64, Ok(reply));
        self.drain();
    }

    /// The typed form: only the ids cross.
    #[wasm_bindgen(js_name = handlePartDelta)]
    pub fn handle_part_delta(&mut self, session_id: String, message_id: String, part_id: String) {
        self.event(Event::PartDelta { session_id, message_id, part_id });
    }

    /// Any other event: properties as JSON text, decoded by the core.
    #[wasm_bindgen(js_name = handleSession)]
    pub fn handle_session(&mut self, event_type: String, session_id: String, properties: String) {
        self.event(Event::Session { event_type, session_id, properties });
    }

    /// "JSON everywhere" for the delta, complete: the properties are parsed with serde, then
    /// handled as the typed delta (a malformed one is dropped).
    #[wasm_bindgen(js_name = handleDeltaJson)]
    pub fn handle_delta_json(&mut self, properties: &str) {
        if let Ok(p) = serde_json::from_str::<DeltaProps>(properties) {
            self.event(Event::PartDelta {
                session_id: p.session_id,
                message_id: p.message_id,
                part_id: p.part_id,
            });
        }
    }

    pub fn status(&self, session_id: &str) -> Option<String> {
        self.core.get_by_session(session_id).map(|t| t.status.as_str().to_string())
    }

    #[wasm_bindgen(js_name = lastActivityAt)]
    pub fn last_activity_at(&self, session_id: &str) -> Option<f64> {
        self.core
            .get_by_session(session_id)
            .and_then(|t| t.progress.last_activity_at)
            .map(|t| t as f64)
    }

    pub fn malformed(&self) -> f64 {
        self.core.malformed_events() as f64
    }

    pub fn running(&self, session_id: &str) -> bool {
        self.core
            .get_by_session(session_id)
            .is_some_and(|t| t.status == TaskStatus::Running)
    }

    /// Never called by the benchmark: keeps every other core entry point reachable, so this
    /// module's size compares with the component's (whose glue exports the whole API).
    #[wasm_bindgen(js_name = everythingElse)]
    pub fn everything_else(&mut self, caller: &str, task_id: &str) -> Result<String, JsError> {
        let now = self.now();
        let options = CancelOptions::default();
        let mut out = String::new();
        if let Ok(v) = self.core.get(caller, task_id) {
            out.push_str(&self.core.launch_text(&v).output);
        }
        if let Ok(v) = self.core.cancel(now, caller, task_id, options) {
            out.push_str(&v.id);
        }
        let all = self.core.cancel_all(now, caller, options);
        out.push_str(&self.core.cancel_text(&all).output);
        if let Ok(r) = self.core.output_text(now, caller, task_id) {
            out.push_str(&r.output);
        }
        out.push_str(&self.core.list_text(now, caller).output);
        out.push_str(&format!("{}", self.core.list(caller).len()));
        out.extend(self.core.take_injection(now, caller));
        out.extend(self.core.compaction_context(caller));
        self.core.on_timer(now);
        let snapshot = self.core.snapshot();
        self.core.shutdown(now);
        self.drain();
        let restored = Manager::new("{}", Some(&snapshot), now).map_err(|e| JsError::new(&e.0))?;
        self.core = restored;
        self.drain();
        Ok(out)
    }
}
