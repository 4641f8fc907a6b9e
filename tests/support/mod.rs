//! Test support shared by the scenario suites: a simulated OpenCode (`sim`, built from the
//! wire shapes in `opencode`, which the randomized suites use too), a virtual-clock world loop
//! (`world`), and two drivers of the same core behind one trait: the native Rust core, and the
//! WebAssembly component running in wasmtime.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

/// Defines `mod $name { fn native(); fn wasm() }` running the same body on both drivers.
#[macro_export]
macro_rules! scenario {
    ($name:ident, $config:expr, |$w:ident| $body:block) => {
        mod $name {
            use super::*;
            fn run(mut $w: $crate::support::world::World) $body
            #[test]
            fn native() {
                run($crate::support::world::World::new(Box::new($crate::support::native::NativeDriver::new($config, None, $crate::support::sim::START))))
            }
            #[test]
            fn wasm() {
                run($crate::support::world::World::new(Box::new($crate::support::wasm::WasmDriver::new($config, None, $crate::support::sim::START))))
            }
        }
    };
}

pub mod native;
#[path = "../opencode/mod.rs"]
pub mod opencode;
pub mod sim;
pub mod wasm;
pub mod world;

use background_agent::{
    Answer, Budget, CancelOptions, Effect, Event, LaunchRequest, OutputPage, Page, RequestError, SdkError, SteerMode,
    TaskView, ToolReply, TrackRequest,
};

/// A tool's reply, or why it was refused.
pub type Reply = Result<ToolReply, RequestError>;

/// A request that changed a task: the task as it now is, and the reply of its tool.
pub type Receipt = Result<(TaskView, ToolReply), RequestError>;

/// One way of running the core. Scenarios are written once against this trait.
pub trait Driver {
    fn name(&self) -> &'static str;
    fn launch(&mut self, now: u64, req: LaunchRequest) -> Result<TaskView, RequestError>;
    fn cancel(&mut self, now: u64, caller: &str, id: &str, options: CancelOptions) -> Result<TaskView, RequestError>;
    fn resume(&mut self, now: u64, caller: &str, task: &str, prompt: &str) -> Result<TaskView, RequestError> {
        self.resume_with_budget(now, caller, task, prompt, Budget::default())
    }
    fn resume_with_budget(
        &mut self,
        now: u64,
        caller: &str,
        task: &str,
        prompt: &str,
        budget: Budget,
    ) -> Result<TaskView, RequestError>;
    /// `background_message`: the task as it now is, and the tool's reply.
    fn message(&mut self, now: u64, caller: &str, task: &str, text: &str, mode: SteerMode) -> Receipt;
    fn track(&mut self, now: u64, request: TrackRequest) -> Result<TaskView, RequestError>;
    fn descendants(&mut self, session: &str) -> Vec<TaskView>;
    fn cancel_all(&mut self, now: u64, parent: &str, options: CancelOptions) -> Vec<TaskView>;
    fn handle_event(&mut self, now: u64, event: Event);
    fn complete(&mut self, now: u64, id: u64, reply: Result<String, SdkError>);
    fn on_timer(&mut self, now: u64);
    fn get(&mut self, caller: &str, id: &str) -> Result<TaskView, RequestError>;
    fn get_by_session(&mut self, session: &str) -> Option<TaskView>;
    fn list(&mut self, parent: &str) -> Vec<TaskView>;
    fn output_text(&mut self, now: u64, caller: &str, id: &str, page: OutputPage) -> Result<ToolReply, RequestError>;
    /// `background_reply`: the answer to a child's pending request, and the tool's reply.
    fn reply(&mut self, now: u64, caller: &str, task: &str, answer: Answer) -> Result<ToolReply, RequestError>;
    /// `background_wait`: the task ids it waits for (none named: the caller's default), then
    /// the reply about them as they now are.
    fn wait_targets(&mut self, caller: &str, ids: &[String]) -> Result<Vec<String>, RequestError>;
    fn wait_text(&mut self, now: u64, caller: &str, ids: &[String]) -> Result<ToolReply, RequestError>;
    /// `background_output` with `view: "transcript"`: which messages to read, then the text of
    /// what was read.
    fn transcript_source(&mut self, caller: &str, id: &str) -> Result<(String, u32), RequestError>;
    fn transcript_text(&mut self, now: u64, caller: &str, id: &str, messages: Result<String, SdkError>) -> Reply;
    fn list_text(&mut self, now: u64, caller: &str, page: Page) -> ToolReply;
    fn take_injection(&mut self, now: u64, parent: &str) -> Option<String>;
    fn compaction_context(&mut self, session: &str) -> Option<String>;
    fn snapshot(&mut self) -> String;
    fn adopt(&mut self, now: u64, snapshot: &str) -> Result<u32, String>;
    fn shutdown(&mut self, now: u64);
    fn malformed_events(&mut self) -> u64;
    fn launch_text(&mut self, id: &str) -> Result<ToolReply, RequestError>;
    /// The core's self-check (only the native core exposes it; the component says Ok).
    fn check_invariants(&mut self) -> Result<(), String> {
        Ok(())
    }
    /// How many delivered notices announced a task (a test hook of the native core).
    fn announcements(&mut self, id: &str) -> Option<u32>;
    /// Effects queued since the last call, in order.
    fn effects(&mut self) -> Vec<Effect>;
}

/// Deterministic test entropy (xorshift64*), identical for both drivers so their traces match.
pub struct TestRng(u64);

impl TestRng {
    pub fn new(seed: u64) -> Self {
        TestRng(seed | 1)
    }
    pub fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len)
            .map(|_| {
                self.0 ^= self.0 >> 12;
                self.0 ^= self.0 << 25;
                self.0 ^= self.0 >> 27;
                (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
            })
            .collect()
    }
}

/// Which drivers a scenario runs on.
pub fn drivers(config: &str, snapshot: Option<&str>) -> Vec<Box<dyn Driver>> {
    vec![
        Box::new(native::NativeDriver::new(config, snapshot, sim::START)),
        Box::new(wasm::WasmDriver::new(config, snapshot, sim::START)),
    ]
}
