//! Snapshots: a quiet state survives a round trip unchanged; a restore in the middle of a busy
//! run loses nothing (every task still ends, and is announced once); bad snapshots are refused
//! with a clear error instead of being half-loaded. Adoption: a live manager takes over the
//! snapshot of an instance that is gone (these scenarios run on both drivers).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#[macro_use]
mod support;

use background_agent::*;
use serde_json::Value;
use support::native::NativeDriver;
use support::sim::{CrashLeaves, Kind, Outcome, START, Script};
use support::world::{ROOT, World, prompts_to, request};

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

// ------------------------------------------------------------------ adoption

const ADOPT: &str = r#"{"defaultConcurrency": 1, "minRuntimeMs": 0}"#;
const OTHER: &str = "ses_other";

/// Instance A, until it shuts down: a long task running, one queued behind it (one slot per
/// key), and one of another parent and key that finished, its notice in flight (that prompt
/// never arrives). Returns A's final snapshot and the ids `[running, queued, done]`.
fn instance_a(w: &mut World) -> (String, [String; 3]) {
    w.sim.add_root(OTHER);
    w.sim.script("long job", Script::with(1_000, Outcome::Hang));
    w.sim.script("Continue the task", Script::text(3_000, "continued after adoption"));
    w.sim.script("queued job", Script::text(2_000, "queued done"));
    w.sim.script("quick job", Script::text(1_000, "quick done"));
    w.sim.script("own job", Script::text(8_000, "own done"));
    let running = w.launch(request("Long", "long job", "general")).unwrap().id;
    let queued = w.launch(request("Queued", "queued job", "general")).unwrap().id;
    let mut quick = request("Quick", "quick job", "explore");
    quick.parent_session_id = OTHER.into();
    let done = w.launch(quick).unwrap().id;
    w.sim.hang(Kind::PromptParent, 1);
    w.advance(5_000);
    assert_eq!((w.status(&running), w.status(&queued)), (TaskStatus::Running, TaskStatus::Pending));
    assert_eq!(w.drv.get(OTHER, &done).unwrap().status, TaskStatus::Completed);
    assert_eq!(w.sim.calls_of(|r| matches!(r, SdkRequest::PromptSession(p) if p.session_id == OTHER)).len(), 1);
    assert!(w.sim.notices(OTHER).is_empty(), "its notice is still owed");
    let now = w.now();
    w.drv.shutdown(now);
    w.pump();
    (w.sim.persisted.clone().expect("a final snapshot"), [running, queued, done])
}

/// The notices `parent` received that close a batch in which every task completed.
fn finals(w: &World, parent: &str) -> usize {
    w.sim.notices(parent).iter().filter(|(t, _)| t.starts_with("[ALL BACKGROUND TASKS COMPLETE]")).count()
}

/// When the core prompted `session` with a text containing `needle`.
fn prompted_at(w: &World, session: &str, needle: &str) -> Vec<u64> {
    let to = |r: &SdkRequest| matches!(r, SdkRequest::PromptSession(p) if p.session_id == session && p.parts.join("").contains(needle));
    w.sim.calls.iter().filter(|(_, r)| to(r)).map(|(t, _)| *t).collect()
}

// Found by fuzz_adopt: a snapshot whose parent lists miss a live task's parent (damaged, or
// written by an older version), adopted by a manager that keeps that parent: the tasks join the
// parent's lists, and their ends still close its batch with one notice.
scenario!(adopted_tasks_missing_from_their_parents_lists_are_listed_again, ADOPT, |w| {
    let (snapshot, [running, queued, _]) = instance_a(&mut w);
    let mut damaged: Value = serde_json::from_str(&snapshot).unwrap();
    damaged["parents"].as_array_mut().unwrap().retain(|p| p[0] != ROOT);
    w.start_instance(ADOPT, None, 7);
    let own = w.launch(request("Own", "own job", "general")).unwrap().id;
    assert_eq!(w.adopt(&damaged.to_string()), Ok(3));
    w.advance(60_000);
    for id in [&own, &running, &queued] {
        assert_eq!(w.status(id), TaskStatus::Completed, "{id}");
    }
    assert_eq!(finals(&w, ROOT), 1, "one batch of the root: its own task and the adopted ones");
    let last = w.sim.notices(ROOT).last().cloned().unwrap().0;
    for id in [&own, &running, &queued] {
        assert!(last.contains(id.as_str()), "the closing notice names {id}: {last}");
    }
});

scenario!(a_live_manager_adopts_the_tasks_of_an_instance_that_is_gone, ADOPT, |w| {
    let (snapshot, [running, queued, done]) = instance_a(&mut w);
    let child = w.task(&running).session_id.unwrap();
    // Instance B was started with no snapshot; it runs a task of its own under the same key.
    w.start_instance(ADOPT, None, 7);
    let own = w.launch(request("Own", "own job", "general")).unwrap().id;
    w.advance(2_000);
    assert_eq!(w.status(&own), TaskStatus::Running);
    assert_eq!(w.adopt(&snapshot), Ok(3));
    assert_eq!(w.status(&own), TaskStatus::Running, "its own task is unaffected");
    assert_eq!(w.status(&running), TaskStatus::Pending, "its run was lost: it waits for the slot");
    assert_eq!(w.status(&queued), TaskStatus::Pending);
    assert_eq!(w.drv.get(OTHER, &done).unwrap().result.as_deref(), Some("quick done"));
    w.advance(300);
    let persisted = w.sim.persisted.clone().unwrap();
    for id in [&running, &queued, &done, &own] {
        assert!(persisted.contains(id.as_str()), "the merged state is persisted: {id} is missing");
    }

    w.advance(60_000);
    let results = [(&own, "own done"), (&running, "continued after adoption"), (&queued, "queued done")];
    for (id, result) in results {
        let t = w.task(id);
        assert_eq!((t.status, t.result.as_deref()), (TaskStatus::Completed, Some(result)), "{id}");
    }
    for id in [&running, &queued, &done, &own] {
        assert_eq!(w.drv.announcements(id), Some(1), "{id} is announced exactly once");
    }
    assert_eq!(w.sim.notices(OTHER).len(), 1, "the notice A owed reaches its parent once");
    assert_eq!(finals(&w, ROOT), 1, "one batch of the root: B's task and A's");
    // The slot went to A's lost run first (continued once, once B's task ended), then to the
    // queued task.
    let continued = prompted_at(&w, &child, "Continue the task");
    assert_eq!(continued.len(), 1, "the adopted child is continued exactly once");
    assert!(continued[0] >= w.task(&own).completed_at.unwrap());
    assert!(w.task(&queued).started_at.unwrap() >= w.task(&running).completed_at.unwrap());
    let own_child = w.task(&own).session_id.unwrap();
    assert_eq!(prompts_to(&w, &own_child).len(), 1, "B's own child is prompted once");
});

scenario!(adopting_the_same_snapshot_twice_adopts_nothing_more, ADOPT, |w| {
    let (snapshot, ids) = instance_a(&mut w);
    w.start_instance(ADOPT, None, 7);
    assert_eq!(w.adopt(&snapshot), Ok(3));
    let once: Value = serde_json::from_str(&w.drv.snapshot()).unwrap();
    assert_eq!(w.adopt(&snapshot), Ok(0), "every id is known here");
    let twice: Value = serde_json::from_str(&w.drv.snapshot()).unwrap();
    for part in ["tasks", "parents", "slots", "archive"] {
        assert_eq!(once[part], twice[part], "the second adoption changed the {part}");
    }
    w.advance(60_000);
    for id in &ids {
        let caller = if id == &ids[2] { OTHER } else { ROOT };
        assert_eq!(w.drv.get(caller, id).unwrap().status, TaskStatus::Completed, "{id}");
        assert_eq!(w.drv.announcements(id), Some(1), "{id} is announced exactly once");
    }
    assert_eq!(w.sim.notices(OTHER).len(), 1);
    assert_eq!(finals(&w, ROOT), 1);
    let child = w.task(&ids[0]).session_id.unwrap();
    assert_eq!(prompted_at(&w, &child, "Continue the task").len(), 1, "continued once");
});

scenario!(a_bad_snapshot_is_refused_and_changes_nothing, "{}", |w| {
    w.sim.script("steady", Script::text(20_000, "steady result"));
    let t = w.launch(request("Steady", "steady job", "general")).unwrap();
    w.advance(2_000);
    let before = w.drv.snapshot();
    let other_version = before.replacen("\"version\":2", "\"version\":1", 1);
    for (text, expected) in [
        ("", "snapshot is unreadable"),
        ("{}", "snapshot is unreadable"),
        (r#"{"version": 99}"#, "snapshot version 99 is not supported"),
        (other_version.as_str(), "snapshot version 1 is not supported"),
        (r#"{"version": 2, "tasks": 5}"#, "snapshot is unreadable"),
    ] {
        let now = w.now();
        let err = w.drv.adopt(now, text).unwrap_err();
        assert!(err.starts_with(expected), "{text:?}: {err}");
        assert!(w.drv.effects().is_empty(), "{text:?}: refused without a trace");
        assert_eq!(w.drv.snapshot(), before, "{text:?} changed the state");
    }
    w.advance(30_000);
    assert_eq!(w.status(&t.id), TaskStatus::Completed);
    let now = w.now();
    w.drv.shutdown(now);
    w.pump();
    let err = w.drv.adopt(now, &before).unwrap_err();
    assert!(err.contains("shut down"), "{err}");
});

scenario!(adopting_into_an_empty_manager_is_a_restore, ADOPT, |w| {
    let mut restored = World::new(w.new_driver(ADOPT, None, 42));
    let (snapshot, ids) = instance_a(&mut w);
    let (same, _) = instance_a(&mut restored);
    assert_eq!(same, snapshot, "the same run");
    restored.start_instance(ADOPT, Some(&snapshot), 7);
    w.start_instance(ADOPT, None, 7);
    assert_eq!(w.adopt(&snapshot), Ok(3));
    let state = |w: &mut World| {
        let mut v: Value = serde_json::from_str(&w.drv.snapshot()).unwrap();
        // Only the adoption writes what it took in (the restored state is in its file already).
        v["timers"].as_array_mut().unwrap().retain(|t| t[0] != "Persist");
        v
    };
    // A new manager reads OpenCode's agent list once it is created, that is before an adoption
    // and after a restore: that call is compared apart from the others' order.
    let effects = |w: &World| {
        let (agents, calls): (Vec<_>, Vec<_>) =
            w.sim.calls.iter().cloned().partition(|(_, r)| matches!(r, SdkRequest::ListAgents));
        let agents: Vec<u64> = agents.into_iter().map(|(t, _)| t).collect();
        (calls, agents, format!("{:?}", w.sim.relay), w.sim.toasts.len(), w.sim.settled.clone())
    };
    assert_eq!(state(&mut w), state(&mut restored));
    assert_eq!(effects(&w), effects(&restored));
    for step in 0..20 {
        w.advance(3_000);
        restored.advance(3_000);
        assert_eq!(effects(&w), effects(&restored), "after {} ms", 3_000 * (step + 1));
    }
    assert_eq!(w.drv.snapshot(), restored.drv.snapshot());
    assert_eq!(w.sim.notices(ROOT), restored.sim.notices(ROOT));
    assert_eq!(w.sim.notices(OTHER), restored.sim.notices(OTHER));
    assert_eq!(w.status(&ids[1]), TaskStatus::Completed);
});

scenario!(a_child_still_running_is_adopted_without_a_slot_when_its_key_is_full, ADOPT, |w| {
    // Instance A crashes while its child runs on in OpenCode; what it left is its last write.
    w.sim.script("steady job", Script::text(20_000, "steady result"));
    w.sim.script("own job", Script::text(8_000, "own done"));
    w.sim.script("third job", Script::text(2_000, "third done"));
    let steady = w.launch(request("Steady", "steady job", "general")).unwrap().id;
    w.advance(5_000);
    let snapshot = w.sim.persisted.clone().expect("A wrote its state");
    let child = w.task(&steady).session_id.unwrap();
    // Instance B runs a task of its own under the same key (one slot), then adopts A's state.
    w.start_instance(ADOPT, None, 7);
    let own = w.launch(request("Own", "own job", "general")).unwrap().id;
    w.advance(1_000);
    assert_eq!(w.adopt(&snapshot), Ok(1));
    assert_eq!(w.status(&steady), TaskStatus::Running, "a running child is never stopped");
    assert_eq!(w.status(&own), TaskStatus::Running);
    let third = w.launch(request("Third", "third job", "general")).unwrap().id;
    w.advance(100);
    assert_eq!(w.status(&third), TaskStatus::Pending, "the limit still holds for what starts next");
    w.advance(40_000);
    let steady_view = w.task(&steady);
    assert_eq!(steady_view.result.as_deref(), Some("steady result"));
    assert_eq!(prompts_to(&w, &child).len(), 1, "a child still running is not prompted again");
    // The slot went from B's own task to the third; the adopted task, running without one,
    // neither held it up nor freed one when it ended.
    let third_started = w.task(&third).started_at.unwrap();
    assert!(third_started >= w.task(&own).completed_at.unwrap());
    assert!(third_started < steady_view.completed_at.unwrap());
    for id in [&steady, &own, &third] {
        assert_eq!(w.status(id), TaskStatus::Completed, "{id}");
        assert_eq!(w.drv.announcements(id), Some(1), "{id} is announced exactly once");
    }
});

scenario!(an_adopted_launch_waiting_for_admission_is_admitted_by_a_manager_that_knows_its_parent, ADOPT, |w| {
    // Instance A shuts down while its launch waits for the parent's lineage (the lookup hangs).
    w.sim.hang(Kind::Get, 1);
    w.sim.script("late job", Script::text(2_000, "late done"));
    w.sim.script("own job", Script::text(1_000, "own done"));
    let waiting = w.launch(request("Late", "late job", "general")).unwrap().id;
    w.advance(5_000);
    assert_eq!(w.status(&waiting), TaskStatus::Pending);
    let now = w.now();
    w.drv.shutdown(now);
    w.pump();
    let snapshot = w.sim.persisted.clone().expect("a final snapshot");
    // Instance B knows the agents and, from a launch of its own, the root's place and rules.
    w.start_instance(ADOPT, None, 7);
    let own = w.launch(request("Own", "own job", "explore")).unwrap().id;
    w.advance(2_000);
    let lookups = |w: &World| w.sim.calls_of(|r| matches!(r, SdkRequest::GetSession(_))).len();
    let before = lookups(&w);
    assert_eq!(w.adopt(&snapshot), Ok(1));
    assert_eq!(w.status(&waiting), TaskStatus::Running, "admitted at once");
    assert_eq!(lookups(&w), before, "nothing is asked again");
    w.advance(10_000);
    for (id, result) in [(&waiting, "late done"), (&own, "own done")] {
        let t = w.task(id);
        assert_eq!((t.status, t.result.as_deref()), (TaskStatus::Completed, Some(result)), "{id}");
        assert_eq!(w.drv.announcements(id), Some(1), "{id} is announced exactly once");
    }
});

/// Task `id` as the manager's snapshot saves it now.
fn saved_task(w: &mut World, id: &str) -> Value {
    let snapshot: Value = serde_json::from_str(&w.drv.snapshot()).unwrap();
    snapshot["tasks"].as_array().unwrap().iter().find(|s| s["id"] == id).unwrap().clone()
}

/// What a finished task costs in every snapshot: its totals, not the tool-part ids and per-message
/// usage they were counted from, nor a field at its default, nor the plugin's own rules (only what
/// its child inherited); a resumed run counts on from those totals.
#[test]
fn a_finished_task_keeps_its_totals_only() {
    let mut w = World::new(Box::new(NativeDriver::new("{}", None, START)));
    w.sim.script("busy", Script::text(6_000, "done"));
    let t = w.launch(request("Busy", "busy work", "general")).unwrap();
    w.advance(3_000);
    let running = w.task(&t.id).progress;
    assert!(running.tool_calls > 0, "{running:?}");
    w.advance(10_000);
    let done = w.task(&t.id);
    assert_eq!(done.status, TaskStatus::Completed);
    assert!(done.progress.tokens_in > 0, "{:?}", done.progress);
    let saved = saved_task(&mut w, &t.id);
    assert_eq!(saved.get("counted_tool_parts"), None, "{saved}");
    assert_eq!(saved.get("prompt"), None, "no fallback left: no new session will need the launch prompt");
    assert!(saved["usage"].as_object().unwrap().len() <= 1, "{}", saved["usage"]);
    let inherited = saved["inherited_rules"].to_string();
    assert!(inherited.contains("question") && !inherited.contains("background_task"), "the caller's only: {inherited}");
    let text = saved.to_string();
    for default in ["null", "false", "[]", "{}", ":0,", ":0}"] {
        assert!(!text.contains(default), "a field at its default ({default}) is left out: {text}");
    }
    // Restored, the totals are the same; resumed, the next run adds to them.
    w.shutdown_and_restore("{}");
    assert_eq!(w.task(&t.id).progress.tokens_in, done.progress.tokens_in);
    w.sim.script("more", Script::text(3_000, "more"));
    let now = w.now();
    w.drv.resume(now, ROOT, &t.id, "more work").unwrap();
    w.pump();
    w.advance(10_000);
    let again = w.task(&t.id);
    assert_eq!(again.status, TaskStatus::Completed);
    assert!(again.progress.tokens_in > done.progress.tokens_in, "{:?} then {:?}", done.progress, again.progress);
}

/// A running task remembers the newest tool parts it counted, not every one: a long run's
/// snapshot stays bounded, and every call is still counted once.
#[test]
fn a_running_task_remembers_a_window_of_tool_parts() {
    let mut w = World::new(Box::new(NativeDriver::new("{}", None, START)));
    let tools = vec!["read"; 150];
    w.sim.script("long", Script { tools, ..Script::text(150_000, "done") });
    let t = w.launch(request("Long", "long work", "general")).unwrap();
    w.advance(120_000);
    let counted = w.task(&t.id).progress.tool_calls;
    assert!(counted > 64, "{counted}");
    let saved = saved_task(&mut w, &t.id);
    let window = saved["counted_tool_parts"].as_array().unwrap();
    assert_eq!(window.len(), 64, "the newest 64 only");
    assert_eq!(window.last(), Some(&Value::from(format!("prt_tool_1_{}", counted - 1))), "each part counted once");
    w.advance(40_000);
    assert_eq!(w.task(&t.id).progress.tool_calls, 150);
    assert_eq!(w.task(&t.id).status, TaskStatus::Completed);
}
