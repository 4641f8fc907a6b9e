//! Snapshots: a quiet state survives a round trip unchanged; a restore in the middle of a busy
//! run loses nothing (every task still ends, and is announced once); bad snapshots are refused
//! with a clear error instead of being half-loaded.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

mod support;

use background_agent::*;
use serde_json::Value;
use support::native::NativeDriver;
use support::sim::{CrashLeaves, Outcome, START, Script};
use support::world::{ROOT, World, request};

const CONFIG: &str = r#"{"defaultConcurrency": 1, "todoGraceMs": 20000}"#;

fn without_epoch(snapshot: &str) -> Value {
    let mut v: Value = serde_json::from_str(snapshot).unwrap();
    v.as_object_mut().unwrap().remove("call_epoch");
    v
}

fn busy_world() -> (World, Vec<String>) {
    let mut w = World::new(Box::new(NativeDriver::new(CONFIG, None, START)));
    w.sim.add_session("ses_foreign", Some(ROOT));
    w.sim.script("todo", Script { todos: vec![("step", "pending")], ..Script::text(6_000, "held") });
    w.sim.script("quick", Script::text(1_000, "quick"));
    let mut ids = Vec::new();
    ids.push(w.launch(request("Held", "todo work", "general")).unwrap().id);
    ids.push(w.launch(request("Queued", "quick one", "general")).unwrap().id);
    let mut other = request("Other key", "quick two", "explore");
    other.parent_session_id = "ses_foreign".into();
    ids.push(w.launch(other).unwrap().id);
    (w, ids)
}

#[test]
fn a_quiet_state_round_trips_unchanged() {
    let (mut w, ids) = busy_world();
    w.advance(120_000);
    for id in &ids {
        assert!(w.drv.get(ROOT, id).map(|t| t.status.is_terminal()).unwrap_or(true));
    }
    let first = w.drv.snapshot();
    let mut restored = Manager::new(CONFIG, Some(&first), w.now()).unwrap();
    // A new instance reads OpenCode's agent list (never saved); answered, nothing else differs.
    let calls: Vec<(CallId, SdkRequest)> = std::iter::from_fn(|| restored.poll_effect())
        .filter_map(|e| match e {
            Effect::Call { id, request } => Some((id, request)),
            _ => None,
        })
        .collect();
    assert!(matches!(calls.as_slice(), [(_, SdkRequest::ListAgents)]), "{calls:?}");
    restored.complete(w.now(), calls[0].0, Ok(support::opencode::agent_list()));
    assert_eq!(without_epoch(&restored.snapshot()), without_epoch(&first));
    restored.check_invariants().unwrap();
}

#[test]
fn restoring_at_any_moment_loses_nothing() {
    // Restore at many different moments of the same run; each time the run must still end
    // with every task terminal and announced exactly once.
    for cut in (0..40_000).step_by(1_337) {
        let (mut w, ids) = busy_world();
        w.advance(cut);
        let snapshot = w.drv.snapshot();
        w.drv = Box::new(NativeDriver::new(CONFIG, Some(&snapshot), w.now()));
        w.pump();
        w.advance(200_000);
        for id in &ids {
            let caller = if id == &ids[2] { "ses_foreign" } else { ROOT };
            let t = w.drv.get(caller, id).unwrap();
            assert!(t.status.is_terminal(), "cut at {cut} ms: {id} is {:?}", t.status);
        }
        for parent in [ROOT, "ses_foreign"] {
            let finals =
                w.sim.notices(parent).iter().filter(|(t, _)| t.starts_with("[ALL BACKGROUND TASKS COMPLETE]")).count();
            assert_eq!(finals, 1, "cut at {cut} ms: {parent} gets exactly one final notice");
        }
    }
}

#[test]
fn a_lineage_lookup_in_flight_is_asked_again_after_restore() {
    let mut w = World::new(Box::new(NativeDriver::new("{}", None, START)));
    let t = w.launch(request("Waits", "waits for lineage", "general")).unwrap();
    assert_eq!(t.status, TaskStatus::Pending);
    let snapshot = w.drv.snapshot(); // the session.get reply has not arrived
    w.drv = Box::new(NativeDriver::new("{}", Some(&snapshot), w.now()));
    w.pump();
    w.advance(20_000);
    assert_eq!(w.status(&t.id), TaskStatus::Completed);
    assert_eq!(w.sim.calls_of(|r| matches!(r, SdkRequest::GetSession(_))).len(), 2, "asked again");
}

#[test]
fn shutdown_then_restore_continues_suspended_children() {
    let mut w = World::new(Box::new(NativeDriver::new("{}", None, START)));
    w.sim.script("long", Script::with(1_000, Outcome::Hang));
    w.sim.script("Continue the task", Script::text(3_000, "finished after restart"));
    let t = w.launch(request("Long", "long job", "general")).unwrap();
    w.advance(5_000);
    let now = w.now();
    w.drv.shutdown(now);
    w.pump();
    let snapshot = w.sim.persisted.clone().expect("final snapshot");
    w.drv = Box::new(NativeDriver::new("{}", Some(&snapshot), w.now()));
    w.pump();
    let child = w.task(&t.id).session_id.unwrap();
    let prompts = w.sim.calls_of(|r| matches!(r, SdkRequest::PromptSession(p) if p.session_id == child));
    assert_eq!(prompts.len(), 2, "the same child is prompted to continue");
    w.advance(10_000);
    let v = w.task(&t.id);
    assert_eq!(v.status, TaskStatus::Completed);
    assert_eq!(v.result.as_deref(), Some("finished after restart"));
    w.advance(500);
    assert_eq!(w.sim.notices(ROOT).len(), 1);
}

#[test]
fn bad_snapshots_are_refused_clearly() {
    for (text, expected) in [
        ("", "snapshot is unreadable"),
        ("{}", "snapshot is unreadable"),
        (r#"{"version": 99}"#, "snapshot version 99 is not supported"),
        (r#"{"version": 2, "tasks": 5}"#, "snapshot is unreadable"),
    ] {
        let err = Manager::new("{}", Some(text), START).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(err.starts_with(expected), "{text:?}: {err}");
    }
}

#[test]
fn a_run_cut_off_by_a_crash_is_continued_after_restore() {
    let left = [
        CrashLeaves::Nothing,
        CrashLeaves::TextAndRunningTool("Let me run the tests."),
        CrashLeaves::StepWithToolCalls,
    ];
    for left in left {
        continued_after_a_crash(left);
    }
}

/// Whatever the crash left of the child's turn (nothing, its words before a tool call that was
/// still running, a step that asked for tools), it is not the task's result: the restored
/// manager continues the child. (tests/e2e scenario 6c: the same in a real OpenCode.)
fn continued_after_a_crash(left: CrashLeaves) {
    let mut w = World::new(Box::new(NativeDriver::new("{}", None, START)));
    w.sim.script("long", Script::with(1_000, Outcome::Hang));
    w.sim.script("Continue the task", Script::text(3_000, "finished after the crash"));
    let t = w.launch(request("Long", "long job", "general")).unwrap();
    w.advance(5_000);
    let snapshot = w.drv.snapshot(); // the last snapshot before the process died, no shutdown
    let child = w.task(&t.id).session_id.unwrap();
    w.sim.crash(&child, left);
    w.drv = Box::new(NativeDriver::new("{}", Some(&snapshot), w.now()));
    w.pump();
    w.advance(15_000);
    let v = w.task(&t.id);
    assert_eq!(v.status, TaskStatus::Completed, "{left:?}: {v:?}");
    assert_eq!(v.result.as_deref(), Some("finished after the crash"), "{left:?}");
    let prompts = w.sim.calls_of(|r| matches!(r, SdkRequest::PromptSession(p) if p.session_id == child));
    assert_eq!(prompts.len(), 2, "{left:?}: continued once");
}

#[test]
fn a_restored_task_still_running_is_not_prompted_again() {
    let mut w = World::new(Box::new(NativeDriver::new("{}", None, START)));
    w.sim.script("steady", Script::text(20_000, "steady result"));
    let t = w.launch(request("Steady", "steady job", "general")).unwrap();
    w.advance(5_000);
    let snapshot = w.drv.snapshot(); // a plugin reload: the server and the child go on
    w.drv = Box::new(NativeDriver::new("{}", Some(&snapshot), w.now()));
    w.pump();
    w.advance(30_000);
    assert_eq!(w.status(&t.id), TaskStatus::Completed);
    let child = w.task(&t.id).session_id.unwrap();
    let prompts = w.sim.calls_of(|r| matches!(r, SdkRequest::PromptSession(p) if p.session_id == child));
    assert_eq!(prompts.len(), 1, "a busy child is left alone");
}
