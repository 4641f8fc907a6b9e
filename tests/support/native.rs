//! The core driven directly, natively.

use super::{Driver, TestRng};
use background_agent::*;

pub struct NativeDriver {
    manager: Manager,
    rng: TestRng,
}

impl NativeDriver {
    pub fn new(config: &str, snapshot: Option<&str>, now: u64) -> Self {
        Self::with_seed(config, snapshot, now, 42)
    }

    /// Another instance: its task ids come from `seed`.
    pub fn with_seed(config: &str, snapshot: Option<&str>, now: u64, seed: u64) -> Self {
        let manager = Manager::new(config, snapshot, now).expect("config and snapshot are valid");
        NativeDriver { manager, rng: TestRng::new(seed) }
    }
}

impl Driver for NativeDriver {
    fn name(&self) -> &'static str {
        "native"
    }
    fn launch(&mut self, now: u64, req: LaunchRequest) -> Result<TaskView, RequestError> {
        let entropy = entropy(&self.rng.bytes(16));
        self.manager.launch(now, entropy, req)
    }
    fn cancel(&mut self, now: u64, caller: &str, id: &str, options: CancelOptions) -> Result<TaskView, RequestError> {
        self.manager.cancel(now, caller, id, options)
    }
    fn resume_with_budget(
        &mut self,
        now: u64,
        caller: &str,
        task: &str,
        prompt: &str,
        budget: Budget,
    ) -> Result<TaskView, RequestError> {
        self.manager.resume_with_budget(now, caller, task, prompt, budget)
    }
    fn message(&mut self, now: u64, caller: &str, task: &str, text: &str, mode: SteerMode) -> super::Receipt {
        let steered = self.manager.message(now, caller, task, text, mode)?;
        let reply = self.manager.message_text(&steered)?;
        Ok((steered.task, reply))
    }
    fn track(&mut self, now: u64, request: TrackRequest) -> Result<TaskView, RequestError> {
        self.manager.track(now, request)
    }
    fn descendants(&mut self, session: &str) -> Vec<TaskView> {
        self.manager.descendants(session)
    }
    fn cancel_all(&mut self, now: u64, parent: &str, options: CancelOptions) -> Vec<TaskView> {
        self.manager.cancel_all(now, parent, options)
    }
    fn handle_event(&mut self, now: u64, event: Event) {
        self.manager.handle_event(now, event)
    }
    fn complete(&mut self, now: u64, id: u64, reply: Result<String, SdkError>) {
        self.manager.complete(now, id, reply)
    }
    fn on_timer(&mut self, now: u64) {
        self.manager.on_timer(now)
    }
    fn get(&mut self, caller: &str, id: &str) -> Result<TaskView, RequestError> {
        self.manager.get(caller, id)
    }
    fn get_by_session(&mut self, session: &str) -> Option<TaskView> {
        self.manager.get_by_session(session)
    }
    fn list(&mut self, parent: &str) -> Vec<TaskView> {
        self.manager.list(parent)
    }
    fn output_text(&mut self, now: u64, caller: &str, id: &str, page: OutputPage) -> Result<ToolReply, RequestError> {
        self.manager.output_text(now, caller, id, page)
    }
    fn reply(&mut self, now: u64, caller: &str, task: &str, answer: Answer) -> Result<ToolReply, RequestError> {
        self.manager.reply(now, caller, task, answer)
    }
    fn wait_targets(&mut self, caller: &str, ids: &[String]) -> Result<Vec<String>, RequestError> {
        self.manager.wait_targets(caller, ids)
    }
    fn wait_text(&mut self, now: u64, caller: &str, ids: &[String]) -> Result<ToolReply, RequestError> {
        self.manager.wait_text(now, caller, ids)
    }
    fn transcript_source(&mut self, caller: &str, id: &str) -> Result<(String, u32), RequestError> {
        self.manager.transcript_source(caller, id)
    }
    fn transcript_text(
        &mut self,
        now: u64,
        caller: &str,
        id: &str,
        messages: Result<String, SdkError>,
    ) -> super::Reply {
        self.manager.transcript_text(now, caller, id, messages)
    }
    fn list_text(&mut self, now: u64, caller: &str, page: Page) -> ToolReply {
        self.manager.list_text(now, caller, page)
    }
    fn take_injection(&mut self, now: u64, parent: &str) -> Option<String> {
        self.manager.take_injection(now, parent)
    }
    fn compaction_context(&mut self, session: &str) -> Option<String> {
        self.manager.compaction_context(session)
    }
    fn snapshot(&mut self) -> String {
        self.manager.snapshot()
    }
    fn adopt(&mut self, now: u64, snapshot: &str) -> Result<u32, String> {
        self.manager.adopt(now, snapshot)
    }
    fn shutdown(&mut self, now: u64) {
        self.manager.shutdown(now)
    }
    fn malformed_events(&mut self) -> u64 {
        self.manager.malformed_events()
    }
    fn launch_text(&mut self, id: &str) -> Result<ToolReply, RequestError> {
        self.manager.launch_text(id)
    }
    fn check_invariants(&mut self) -> Result<(), String> {
        self.manager.check_invariants()
    }
    fn announcements(&mut self, id: &str) -> Option<u32> {
        self.manager.announcements(id)
    }
    fn effects(&mut self) -> Vec<Effect> {
        std::iter::from_fn(|| self.manager.poll_effect()).collect()
    }
}
