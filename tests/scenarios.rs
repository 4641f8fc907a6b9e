//! Scenarios of the whole lifecycle, each run twice: against the native core and against the
//! component in wasmtime (`<scenario>::native`, `<scenario>::wasm`), so a failure in only one
//! of them points at the binding. Time is virtual: tests advance it, nothing sleeps.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)]

#[macro_use]
mod support;

use background_agent::*;
use support::native::NativeDriver;
use support::sim::{Kind, Outcome, Script};
use support::wasm::WasmDriver;
use support::world::{ROOT, World, request};

fn prompts_to(w: &World, session: &str) -> Vec<PromptSession> {
    w.sim
        .calls_of(|r| matches!(r, SdkRequest::PromptSession(p) if p.session_id == session))
        .into_iter()
        .filter_map(|r| match r {
            SdkRequest::PromptSession(p) => Some(p),
            _ => None,
        })
        .collect()
}

fn creates(w: &World) -> Vec<SdkRequest> {
    w.sim.calls_of(|r| matches!(r, SdkRequest::CreateSession { .. }))
}

fn denies(rules: &[PermissionRule], permission: &str) -> bool {
    rules.iter().any(|r| r.permission == permission && r.pattern == "*" && r.action == PermissionAction::Deny)
}

scenario!(launch_to_parent_notice, "{}", |w| {
    w.sim.script("investigate", Script::text(8_000, "Found 3 issues."));
    let t = w.launch(request("Investigate", "investigate the bug", "explore")).unwrap();
    assert!(t.id.starts_with("bg_") && t.id.len() == 11);
    assert_eq!(t.concurrency_key, "explore");
    // The launching session is new to the core: its lineage and rules are looked up first (fail
    // closed), while OpenCode's agent list (read once, when the manager starts) is on its way.
    assert_eq!(t.status, TaskStatus::Pending);
    assert_eq!(w.sim.calls_of(|_| true), vec![SdkRequest::ListAgents, SdkRequest::GetSession(ROOT.into())]);
    w.advance(3);
    assert_eq!(w.status(&t.id), TaskStatus::Running, "a free slot starts the task once admitted");
    assert_eq!(w.task(&t.id).depth, 1);

    // The child session: parent, title, permissions that keep an unattended child from stalling.
    let created = creates(&w);
    assert_eq!(created.len(), 1);
    let SdkRequest::CreateSession { parent_id, title, permission } = &created[0] else { unreachable!() };
    assert_eq!(parent_id, ROOT);
    assert_eq!(title, "Investigate (@explore background)");
    assert!(denies(permission, "question"));
    assert!(denies(permission, "background_task"), "a non-delegating agent cannot launch more");
    assert!(denies(permission, "task"), "nor start OpenCode sub-agents, which would escape the lineage limits");

    // Prompted asynchronously with the agent and the prompt, no model (none was given).
    w.advance(10);
    let child = w.task(&t.id).session_id.expect("child session recorded");
    let prompts = prompts_to(&w, &child);
    assert_eq!(prompts.len(), 1);
    assert_eq!(prompts[0].agent.as_deref(), Some("explore"));
    assert_eq!(prompts[0].model, None);
    assert_eq!(prompts[0].parts, vec!["investigate the bug".to_string()]);
    assert!(!prompts[0].no_reply);
    assert_eq!(w.sim.relay.interest_in(&child), Some(Interest::CHILD));
    assert_eq!(w.drv.get_by_session(&child).map(|v| v.id), Some(t.id.clone()));

    // Progress from the child's events.
    w.advance(7_000);
    let mid = w.task(&t.id);
    assert_eq!(mid.status, TaskStatus::Running);
    assert_eq!(mid.progress.tool_calls, 2, "each tool part counts once");
    assert_eq!(mid.progress.last_tool.as_deref(), Some("grep"));
    assert!(mid.progress.last_activity_at.is_some());

    // Idle, verified against the messages, completed with the final text.
    w.advance(2_000);
    let done = w.task(&t.id);
    assert_eq!(done.status, TaskStatus::Completed);
    assert_eq!(done.result.as_deref(), Some("Found 3 issues."));
    assert!(
        w.sim
            .calls_of(
                |r| matches!(r, SdkRequest::SessionMessages { session_id, limit: Some(20) } if *session_id == child)
            )
            .len()
            == 1
    );
    assert!(w.drv.effects().is_empty());
    assert!(w.sim.settled.contains(&t.id));

    // One notice, that wakes the parent, with the parent's current agent and model.
    w.advance(500);
    let notices = prompts_to(&w, ROOT);
    assert_eq!(notices.len(), 1, "exactly one notice");
    let n = &notices[0];
    assert!(!n.no_reply, "the last task of a batch wakes the parent");
    assert_eq!(n.agent.as_deref(), Some("build"));
    assert_eq!(n.model.as_ref().map(ModelRef::key).as_deref(), Some("anthropic/claude-test"));
    let text = &n.parts[0];
    assert!(text.starts_with("[ALL BACKGROUND TASKS COMPLETE]"), "{text}");
    assert!(text.contains(&format!("- {} \"Investigate\": completed in", t.id)), "{text}");
    assert!(text.contains(&format!("background_output(task_id=\"{}\")", t.id)), "{text}");

    let out = w.drv.output_text(w.now(), ROOT, &t.id, OutputPage::default()).unwrap();
    assert!(out.output.contains("Result (the sub-agent's answer):\n```\nFound 3 issues.\n```"), "{}", out.output);
    assert_eq!(w.sim.relay.interest_in(&child), None, "a finished child's events no longer cross");

    w.advance(60_000);
    assert_eq!(prompts_to(&w, ROOT).len(), 1, "never a second notice");
    let timer = w.sim.timer.expect("the retention deadline is set");
    assert!(timer > w.now() + 500_000, "no polling once nothing runs; only retention is left");
});

scenario!(queued_task_starts_when_slot_frees, r#"{"defaultConcurrency": 1}"#, |w| {
    let a = w.launch(request("First", "first job", "general")).unwrap();
    let b = w.launch(request("Second", "second job", "general")).unwrap();
    w.advance(3);
    assert_eq!(w.sim.calls_of(|r| matches!(r, SdkRequest::GetSession(_))).len(), 1, "one lookup serves both");
    assert_eq!(w.status(&a.id), TaskStatus::Running);
    assert_eq!(w.status(&b.id), TaskStatus::Pending, "one slot for the key `general`");
    assert_eq!(creates(&w).len(), 1);

    w.advance(9_000);
    assert_eq!(w.status(&b.id), TaskStatus::Pending);
    assert_eq!(creates(&w).len(), 1);

    w.advance(2_000);
    assert_eq!(w.status(&a.id), TaskStatus::Completed);
    assert_eq!(w.status(&b.id), TaskStatus::Running, "the freed slot went to the waiter");
    assert_eq!(creates(&w).len(), 2);

    // While b runs, a's notice is silent and says one task is still running.
    w.advance(500);
    let notices = prompts_to(&w, ROOT);
    assert_eq!(notices.len(), 1);
    assert!(notices[0].no_reply, "a sibling still runs: do not wake the parent");
    let text = &notices[0].parts[0];
    assert!(text.starts_with("[BACKGROUND TASK COMPLETED]"), "{text}");
    assert!(text.contains("1 background task is still running. Do not poll"), "{text}");

    w.advance(12_000);
    assert_eq!(w.status(&b.id), TaskStatus::Completed);
    let notices = prompts_to(&w, ROOT);
    assert_eq!(notices.len(), 2);
    assert!(!notices[1].no_reply);
    let last = &notices[1].parts[0];
    assert!(last.starts_with("[ALL BACKGROUND TASKS COMPLETE]"));
    assert!(last.contains(&a.id) && last.contains(&b.id), "the final notice lists the whole batch");
    assert_eq!(w.sim.max_busy_children, 1, "never more children than the limit");
});

scenario!(early_idle_is_deferred_not_dropped, "{}", |w| {
    w.sim.script("quick", Script::text(1_000, "quick answer"));
    let t = w.launch(request("Quick", "quick one", "general")).unwrap();
    w.advance(3_000);
    assert_eq!(w.status(&t.id), TaskStatus::Running, "an idle before minRuntimeMs is not trusted yet");
    w.advance(2_500);
    let v = w.task(&t.id);
    assert_eq!(v.status, TaskStatus::Completed, "but the fast task completes at the deferred check");
    assert_eq!(v.result.as_deref(), Some("quick answer"));
    // Re-checked at exactly minRuntimeMs, completed when that check's reply (2 ms) arrives.
    let took = v.completed_at.unwrap() - v.started_at.unwrap();
    assert!((5_000..5_010).contains(&took), "completed {took} ms after start");
});

scenario!(silent_idle_is_not_completion, "{}", |w| {
    w.sim.script("nothing", Script::with(6_000, Outcome::Silent));
    let t = w.launch(request("Nothing", "nothing happens", "general")).unwrap();
    w.advance(30_000);
    assert_eq!(w.status(&t.id), TaskStatus::Running, "an idle child without output is not done");
    assert!(prompts_to(&w, ROOT).is_empty(), "no false 'completed' notice");
});

scenario!(child_error_fails_task_and_wakes_parent, "{}", |w| {
    let script = Script::with(6_000, Outcome::ApiError { message: "Bad Request: model refused".into(), status: 400 });
    w.sim.script("broken", script);
    let t = w.launch(request("Broken", "broken job", "general")).unwrap();
    w.advance(8_000);
    let v = w.task(&t.id);
    assert_eq!(v.status, TaskStatus::Error);
    assert_eq!(v.error.as_deref(), Some("Bad Request: model refused"));
    let notices = prompts_to(&w, ROOT);
    assert_eq!(notices.len(), 1);
    assert!(!notices[0].no_reply);
    assert!(notices[0].parts[0].contains("1 of 1 did not complete"));
    let text = &notices[0].parts[0];
    assert!(text.contains("\": error in 6s: \"Bad Request: model refused\"\n"), "{text}");
});

scenario!(cancel_during_session_creation, r#"{"defaultConcurrency": 1}"#, |w| {
    let a = w.launch(request("Doomed", "doomed job", "general")).unwrap();
    let b = w.launch(request("Next", "next job", "general")).unwrap();
    w.advance(3); // lineage known, `a`'s session.create in flight
    assert_eq!(creates(&w).len(), 1);
    let quiet = CancelOptions { abort_session: true, notify_parent: false };
    let c = w.cancel(ROOT, &a.id, quiet).unwrap();
    assert_eq!(c.status, TaskStatus::Cancelled);
    assert_eq!(w.status(&b.id), TaskStatus::Running, "the next queued task starts at once");

    w.advance(10);
    let aborted = w.sim.calls_of(|r| matches!(r, SdkRequest::AbortSession(s) if s == "ses_child1"));
    assert_eq!(aborted.len(), 1, "the session that arrived after the cancel is aborted");
    assert!(prompts_to(&w, "ses_child1").is_empty(), "and never prompted");
    assert_eq!(w.status(&a.id), TaskStatus::Cancelled);

    w.advance(12_000);
    assert_eq!(w.status(&b.id), TaskStatus::Completed);
    let notices = prompts_to(&w, ROOT);
    assert_eq!(notices.len(), 1, "the cancelled task had no notice of its own");
    assert!(notices[0].parts[0].contains(&a.id) && notices[0].parts[0].contains("cancelled"));
    assert_eq!(
        w.drv.cancel(w.now(), ROOT, &a.id, quiet).err().map(|e| matches!(e, RequestError::Conflict(_))),
        Some(true)
    );
});

scenario!(failed_delivery_is_retried_with_backoff, "{}", |w| {
    w.sim.fail(Kind::PromptParent, 2, "UnknownError", "parent busy");
    let t = w.launch(request("Retry", "retry job", "general")).unwrap();
    w.advance(10_500);
    assert_eq!(w.status(&t.id), TaskStatus::Completed);
    assert_eq!(prompts_to(&w, ROOT).len(), 1, "first attempt failed");
    w.advance(1_000);
    assert_eq!(prompts_to(&w, ROOT).len(), 2, "retried after 1 s");
    w.advance(1_500);
    assert_eq!(prompts_to(&w, ROOT).len(), 2, "the second delay doubles to 2 s");
    w.advance(600);
    assert_eq!(prompts_to(&w, ROOT).len(), 3);
    w.advance(120_000);
    let notices = w.sim.notices(ROOT);
    assert_eq!(notices.len(), 1, "delivered exactly once");
    assert!(notices[0].0.contains(&t.id));
});

scenario!(notices_queue_for_injection_when_prompts_are_off, r#"{"notifyParent": false}"#, |w| {
    let t = w.launch(request("Quiet", "quiet job", "general")).unwrap();
    w.advance(20_000);
    assert_eq!(w.status(&t.id), TaskStatus::Completed);
    assert!(prompts_to(&w, ROOT).is_empty());
    let injected = w.take_injection(ROOT).expect("the notice waits for the next user message");
    assert!(injected.starts_with("[ALL BACKGROUND TASKS COMPLETE]") && injected.contains(&t.id));
    assert_eq!(w.take_injection(ROOT), None, "taken once");
});

scenario!(restore_from_snapshot_reconciles_running_tasks, "{}", |w| {
    let t = w.launch(request("Survivor", "long job", "general")).unwrap();
    w.advance(3_000);
    assert_eq!(w.status(&t.id), TaskStatus::Running);
    let snapshot = w.drv.snapshot();
    // A new instance (plugin restart, or a trap) takes over from the snapshot.
    let fresh: Box<dyn support::Driver> = if w.drv.name() == "native" {
        Box::new(NativeDriver::new("{}", Some(&snapshot), w.now()))
    } else {
        Box::new(WasmDriver::new("{}", Some(&snapshot), w.now()))
    };
    w.drv = fresh;
    w.pump();
    assert_eq!(w.status(&t.id), TaskStatus::Running);
    let child = w.task(&t.id).session_id.unwrap();
    assert_eq!(w.sim.relay.interest_in(&child), Some(Interest::CHILD), "the restored core watches its child again");
    w.advance(10_000);
    assert_eq!(w.status(&t.id), TaskStatus::Completed);
    assert!(w.drv.snapshot().contains("\"version\":2"));
    w.advance(500);
    assert_eq!(prompts_to(&w, ROOT).len(), 1);
});

/// `background_message` as the world's driver sends it, then the simulated OpenCode's replies.
fn message(w: &mut World, caller: &str, task: &str, text: &str) -> Result<(TaskView, ToolReply), RequestError> {
    let now = w.now();
    let r = w.drv.message(now, caller, task, text);
    w.advance(0);
    r
}

scenario!(a_running_child_is_steered_and_answers_the_new_instruction, r#"{"defaultConcurrency": 1}"#, |w| {
    w.sim.script("first plan", Script::text(10_000, "the first answer"));
    w.sim.script("new plan", Script::text(2_000, "the steered answer"));
    let t = w.launch(request("Steer", "first plan", "explore")).unwrap();
    let queued = w.launch(request("Later", "first plan too", "explore")).unwrap();
    w.advance(3_000);
    let child = w.task(&t.id).session_id.unwrap();
    assert_eq!(w.status(&t.id), TaskStatus::Running);

    // Queued into the running turn, by the child's session id; the stale clock starts again.
    let before = w.task(&t.id).progress.last_activity_at;
    let (view, reply) = message(&mut w, ROOT, &child, "new plan: look at the tests instead").unwrap();
    assert_eq!((view.id.as_str(), view.progress.steered), (t.id.as_str(), 1));
    assert!(view.progress.last_activity_at > before, "a message is a sign of life");
    assert!(
        reply.output.starts_with(&format!("Message queued for background task {} \"Steer\"", t.id)),
        "{}",
        reply.output
    );
    assert!(reply.output.contains("Messages sent while it runs: 1."), "{}", reply.output);
    let sent = prompts_to(&w, &child);
    let last = sent.last().unwrap();
    assert_eq!(last.parts, vec!["new plan: look at the tests instead".to_string()]);
    assert_eq!(last.agent.as_deref(), Some("explore"), "the child's own agent, not the caller's");

    // Refusals: a queued task (it has no session yet), an empty message, another session, an
    // unknown id, a cancelled task.
    let refused = message(&mut w, ROOT, &queued.id, "x").unwrap_err();
    assert!(
        matches!(&refused, RequestError::Conflict(m) if m.contains("has not started") && m.contains("`explore` (1 running there, limit 1)")),
        "{refused:?}"
    );
    assert!(
        matches!(message(&mut w, ROOT, &t.id, "  "), Err(RequestError::Invalid(m)) if m == "`message` must not be empty")
    );
    assert_eq!(
        message(&mut w, "ses_other", &t.id, "x").map(|_| ()),
        Err(RequestError::NotFound(format!("No background task with id `{}`.", t.id)))
    );
    assert!(matches!(message(&mut w, ROOT, "bg_nope", "x"), Err(RequestError::NotFound(_))));
    w.cancel(ROOT, &queued.id, CancelOptions { abort_session: true, notify_parent: false }).unwrap();
    let cancelled = message(&mut w, ROOT, &queued.id, "x").unwrap_err();
    assert!(
        matches!(&cancelled, RequestError::Conflict(m) if m.contains("was cancelled") && m.contains("background_resume")),
        "{cancelled:?}"
    );

    // It answers the new instruction: the answer to the newest user message is the result.
    w.advance(15_000);
    let done = w.task(&t.id);
    assert_eq!((done.status, done.result.as_deref()), (TaskStatus::Completed, Some("the steered answer")));
    let out = w.drv.output_text(w.now(), ROOT, &t.id, OutputPage::default()).unwrap().output;
    assert!(out.contains("Steered 1× (background_message)."), "{out}");

    // A finished task is resumed by a message.
    let (resumed, receipt) = message(&mut w, ROOT, &t.id, "new plan: and the docs").unwrap();
    assert_eq!(resumed.status, TaskStatus::Running);
    assert!(receipt.output.starts_with("Background task resumed in its session."), "{}", receipt.output);
});

scenario!(a_transcript_shows_what_the_child_did, r#"{"defaultConcurrency": 1}"#, |w| {
    w.sim.script("survey", Script::text(4_000, "Found two parsers."));
    let t = w.launch(request("Survey", "survey the parsers", "explore")).unwrap();
    let queued = w.launch(request("Queued", "survey again", "explore")).unwrap();
    let refused = w.drv.transcript_source(ROOT, &queued.id).unwrap_err();
    assert!(
        matches!(&refused, RequestError::Conflict(m) if m.contains("has no child session yet (pending)")),
        "{refused:?}"
    );
    w.advance(15_000);
    assert_eq!(w.status(&t.id), TaskStatus::Completed);

    // The host reads what the core names, by task id or child session id.
    let child = w.task(&t.id).session_id.unwrap();
    assert_eq!(w.drv.transcript_source(ROOT, &child), Ok((child.clone(), 30)));
    let messages = support::opencode::messages_page(&w.sim.sessions[&child].messages, Some(30));
    let now = w.now();
    let out = w.drv.transcript_text(now, ROOT, &t.id, Ok(messages)).unwrap().output;
    assert!(out.contains(&format!("Transcript of the child session {child}")), "{out}");
    assert!(out.contains("[user] \"survey the parsers\""), "{out}");
    assert!(out.contains("[assistant] tool \"read\" \"completed\", input \"{\\\"n\\\":0}\""), "{out}");
    assert!(out.contains("[assistant] \"Found two parsers.\""), "{out}");

    // A failed read, a foreign caller.
    let failed = SdkError { status: Some(500), name: "APIError".into(), message: "boom".into() };
    let err = w.drv.transcript_text(now, ROOT, &t.id, Err(failed)).unwrap_err();
    assert_eq!(err, RequestError::Conflict("Could not read the child's messages: boom".into()));
    let foreign = w.drv.transcript_source("ses_other", &t.id);
    assert_eq!(foreign, Err(RequestError::NotFound(format!("No background task with id `{}`.", t.id))));
});

scenario!(a_long_result_is_read_in_pages, "{}", |w| {
    // 200,000 characters: numbered lines, some of them not ASCII (pages count characters).
    let answer: String = (0..4_000).map(|n| format!("line {n:05} of the report — ok \n")).collect();
    // The answer as kept: its trailing white space trimmed.
    let total = answer.trim_end().chars().count();
    assert_eq!(total, 4_000 * 31 - 2);
    w.sim.script("long", Script::text(1_000, &answer));
    let t = w.launch(request("Long", "long report", "general")).unwrap();
    w.advance(15_000);
    assert_eq!(w.status(&t.id), TaskStatus::Completed);
    let page = |w: &mut World, id: &str, start, max_chars| {
        w.drv.output_text(w.now(), ROOT, id, OutputPage { start, max_chars }).map(|r| r.output)
    };

    // The default page: the first 20,000 characters, the size of the whole, the next call.
    let first = page(&mut w, &t.id, PageStart::Offset(0), None).unwrap();
    assert!(first.contains(&format!("characters 1 to 20000 of {total}:")), "{first}");
    assert!(first.contains("line 00000 of the report") && !first.contains("line 00700 "), "{first}");
    let next = format!("Next page: background_output(task_id=\"{}\", offset=20000).", t.id);
    assert!(first.contains(&next), "{first}");
    assert!(first.len() < 25_000 * 3, "the default page is bounded: {} bytes", first.len());

    // Read on, by the child's session id too; the pages join up to the whole answer.
    let child = w.task(&t.id).session_id.unwrap();
    let mut read = String::new();
    let mut offset = 0u32;
    loop {
        let out = page(&mut w, &child, PageStart::Offset(offset), Some(50_000)).unwrap();
        let fenced = out.split_once("```\n").unwrap().1;
        let body = fenced.rsplit_once("\n```").unwrap().0;
        read.push_str(body);
        offset += body.chars().count() as u32;
        if out.contains("That is the end of the result.") {
            break;
        }
        assert!(out.contains(&format!("offset={offset})")), "{out}");
    }
    assert_eq!(read, answer.trim_end(), "the pages are the answer, in order, nothing lost");

    // The tail, a page past the end, and a small answer that fits (no paging words).
    let tail = page(&mut w, &t.id, PageStart::Tail, Some(100)).unwrap();
    assert!(tail.contains(&format!("characters {} to {total} of {total}:", total - 99)), "{tail}");
    let past = page(&mut w, &t.id, PageStart::Offset(10_000_000), None).unwrap();
    assert!(past.contains(&format!("{total} characters in all, so offset 10000000 is past its end")), "{past}");
    assert!(past.contains("tail=true"), "{past}");
    let huge = page(&mut w, &t.id, PageStart::Offset(0), Some(u32::MAX)).unwrap();
    assert!(huge.contains("characters 1 to 100000 of"), "at most 100,000 at once: {}", &huge[..300]);

    // Another session may not read it by either name, and learns nothing of which is which.
    for name in [t.id.as_str(), child.as_str()] {
        let refused = w.drv.output_text(w.now(), "ses_other", name, OutputPage::default());
        assert_eq!(refused, Err(RequestError::NotFound(format!("No background task with id `{name}`."))));
    }
});

scenario!(typed_events_take_odd_values_as_their_types_allow, "{}", |w| {
    let t = w.launch(request("Typed", "typed job", "general")).unwrap();
    w.advance(10);
    let child = w.task(&t.id).session_id.unwrap();
    let tool = |id: &str, status| {
        Part::Tool(ToolPart {
            id: id.into(),
            tool: Some("grep".into()),
            status,
            input: Some(r#"{"pattern":"x"}"#.into()),
        })
    };
    let part = |part| Event::PartUpdated { session_id: child.clone(), part };
    // Pending is not a call yet; a status this version does not know counts like running, once.
    w.event(part(tool("prt_1", ToolStatus::Pending)));
    assert_eq!(w.task(&t.id).progress.tool_calls, 0);
    w.event(part(tool("prt_1", ToolStatus::Other)));
    w.event(part(tool("prt_1", ToolStatus::Completed)));
    assert_eq!(w.task(&t.id).progress.tool_calls, 1);
    w.event(part(Part::Text { text: "OpenCode's words".into(), synthetic: true }));
    w.event(part(Part::Text { text: "   ".into(), synthetic: false }));
    assert_eq!(w.task(&t.id).progress.last_message, None, "synthetic and blank text are not the child's words");
    w.event(part(Part::Text { text: "the child's words".into(), synthetic: false }));
    assert_eq!(w.task(&t.id).progress.last_message.as_deref(), Some("the child's words"));

    // A cost that is not a finite positive amount counts as none; a message's usage replaces
    // what the same message reported before.
    let message = |id: &str, cost: f64| Event::MessageUpdated {
        session_id: child.clone(),
        message: Message {
            id: id.into(),
            role: Role::Assistant,
            error: None,
            usage: Some(MessageUsage { tokens_in: 10, tokens_out: 5, cost }),
        },
    };
    for cost in [f64::NAN, f64::INFINITY, -3.0] {
        w.event(message("msg_1", cost));
    }
    w.event(message("msg_2", 0.25));
    let p = w.task(&t.id).progress;
    assert_eq!((p.tokens_in, p.tokens_out, p.cost), (20, 10, 0.25));

    // An error that cannot be read is a malformed event: counted, and the task runs on.
    let mut broken = Message { id: "msg_3".into(), role: Role::Assistant, error: Some("{".into()), usage: None };
    w.event(Event::MessageUpdated { session_id: child.clone(), message: broken.clone() });
    assert_eq!(w.drv.malformed_events(), 1);
    assert_eq!(w.status(&t.id), TaskStatus::Running);
    // A user message's error is not the child's failure.
    broken.role = Role::User;
    broken.error = Some(r#"{"name":"APIError","data":{"message":"no"}}"#.into());
    w.event(Event::MessageUpdated { session_id: child.clone(), message: broken });
    assert_eq!(w.status(&t.id), TaskStatus::Running);
    w.advance(15_000);
    assert_eq!(w.status(&t.id), TaskStatus::Completed);
});

scenario!(malformed_events_are_counted_not_fatal, "{}", |w| {
    let t = w.launch(request("Robust", "robust job", "general")).unwrap();
    w.advance(10);
    let child = w.task(&t.id).session_id.unwrap();
    // The typed events crossing as JSON are a host's mistake: malformed too, however valid.
    let typed = r#"{"info":{"id":"msg_1","role":"assistant","cost":1}}"#;
    for (ty, props) in [
        ("session.status", "{"),
        ("message.part.updated", "[]"),
        ("message.updated", typed),
        ("todo.updated", r#"{"todos":7}"#),
        ("x.y", "\u{0}"),
    ] {
        w.event(Event::Session { event_type: ty.into(), session_id: child.clone(), properties: props.into() });
    }
    assert_eq!(w.drv.malformed_events(), 4);
    assert_eq!(w.task(&t.id).progress.cost, 0.0);
    w.advance(15_000);
    assert_eq!(w.status(&t.id), TaskStatus::Completed);
});
