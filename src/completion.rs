//! Knowing when a task is done: the decisions of one task, as `Task` methods that return what
//! should happen. Idle (an event, or absence from the status map when polling) is only a
//! candidate: it is deferred when it comes before the minimum runtime, then checked against the
//! child's messages, and held back a while by open todos. A child idle without an answer is
//! asked for one once, then fails. This file decides completion and nothing else: the manager
//! (`dispatch/child.rs`) turns each decision into reads, prompts, deadlines and endings.

use crate::api::*;
use crate::events::ErrorInfo;
use crate::format;
use crate::messages::{self, Verdict};
use crate::task::{Phase, Task};

/// How many of the newest messages a verification reads.
pub(crate) const VERIFY_LIMIT: u32 = 20;
/// Sent to a child that went idle without answering its prompt.
pub(crate) const ANSWER_PROMPT: &str = "You stopped without giving a final answer. Reply now with your final answer to the task \
     you were given: what you found or did, complete, in one message. Do not start new work.";

/// What an idle candidate leads to.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Idle {
    /// Not a candidate now (not working, or being checked already).
    Ignore,
    /// Too early: check again at this time.
    DeferUntil(Timestamp),
    /// Read its messages now.
    Verify,
}

/// The read that checks an idle candidate: its child session's newest messages, stamped with
/// the run and the activity it judges.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Check {
    pub session: String,
    pub generation: u64,
    pub epoch: u64,
}

/// What the child's messages say, as a next step.
#[derive(Debug, PartialEq)]
pub(crate) enum Verified {
    /// Not the check in progress (another run, or not verifying).
    Stale,
    /// The child moved on while the read was in flight: its next idle decides.
    MovedOn,
    /// Its session is gone: nothing will ever finish it.
    SessionGone { reason: String },
    /// Restored, idle and unanswered: its run died with the previous process. Continue it.
    ContinueAfterRestart { session: String },
    /// Idle with no answer to its newest prompt: asked (or failed) at the `NoAnswer` deadline.
    AwaitAnswer,
    /// It answered, with todos still open: completes at the grace deadline.
    HoldForTodos,
    /// It answered.
    Completed { result: String },
    /// Its last turn failed.
    Failed(ErrorInfo),
    /// Its last turn was aborted.
    Aborted { message: String },
    /// The reply could not be read; the next idle or poll tries again.
    Unreadable { message: String },
}

/// What the `NoAnswer` deadline leads to.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum NoAnswer {
    Ignore,
    /// Asked before in this run: it fails.
    Fail,
    /// Ask it for its final answer in its session.
    Ask {
        session: String,
    },
}

impl Task {
    /// An idle for its child: checked now, or at `minRuntimeMs` after its start.
    pub(crate) fn on_idle(&mut self, now: Timestamp, min_runtime_ms: u64) -> Idle {
        if self.status != TaskStatus::Running || self.phase() != Phase::Working {
            return Idle::Ignore;
        }
        let earliest = self.started_at.unwrap_or(now).saturating_add(min_runtime_ms);
        if now < earliest {
            self.defer_check();
            return Idle::DeferUntil(earliest);
        }
        Idle::Verify
    }

    /// The check of a deferred idle is due: true when its messages should be read now.
    pub(crate) fn on_recheck(&mut self) -> bool {
        if self.phase() != Phase::Deferred {
            return false;
        }
        self.work();
        true
    }

    /// Starts reading its messages; `None` without a child session.
    pub(crate) fn begin_check(&mut self) -> Option<Check> {
        let session = self.session_id.clone()?;
        self.start_verifying();
        Some(Check { session, generation: self.generation, epoch: self.activity_epoch })
    }

    /// The messages read by the check of `generation` at activity `epoch`.
    pub(crate) fn on_checked(&mut self, generation: u64, epoch: u64, reply: Result<String, SdkError>) -> Verified {
        if self.status != TaskStatus::Running || self.phase() != Phase::Verifying || self.generation != generation {
            return Verified::Stale;
        }
        if self.activity_epoch != epoch {
            self.work();
            return Verified::MovedOn;
        }
        let verdict = match reply {
            Ok(json) => messages::verdict(&json),
            // Deleted while its event was lost, or a tracked session that never existed.
            Err(e) if e.is_not_found() => {
                return Verified::SessionGone { reason: format!("The child session no longer exists: {}", e.message) };
            }
            Err(e) => Err(e.message),
        };
        let verdict = match verdict {
            Ok(Verdict::CutShort(partial)) if !self.restored => Ok(partial.map_or(Verdict::NotDone, Verdict::Output)),
            other => other,
        };
        self.apply_verdict(verdict, epoch)
    }

    fn apply_verdict(&mut self, verdict: Result<Verdict, String>, epoch: u64) -> Verified {
        match verdict {
            Ok(Verdict::NotDone | Verdict::CutShort(_)) if self.restored => {
                // Restored, idle, and no answer to its prompt: continue the same session, once.
                self.restored = false;
                self.work();
                match self.session_id.clone() {
                    Some(session) => Verified::ContinueAfterRestart { session },
                    None => Verified::MovedOn,
                }
            }
            Ok(Verdict::NotDone | Verdict::CutShort(None)) => {
                // Unless it moves again, it is asked for its answer (or fails) at the deadline.
                self.wait_for_answer();
                self.verified_quiet = Some(epoch);
                Verified::AwaitAnswer
            }
            Ok(Verdict::Output(text) | Verdict::CutShort(Some(text))) => {
                if self.open_todos() == 0 {
                    return Verified::Completed { result: text };
                }
                self.hold_for_todos();
                self.result = Some(text);
                Verified::HoldForTodos
            }
            Ok(Verdict::Failed(err)) => Verified::Failed(err),
            Ok(Verdict::Aborted(message)) => Verified::Aborted { message },
            Err(message) => {
                self.work();
                Verified::Unreadable { message }
            }
        }
    }

    /// It stayed idle without answering its newest prompt for `idleNoAnswerMs`. The first time
    /// in a run it is asked for its final answer; the second time it fails (and its slot is
    /// freed, instead of held until the stale timeout).
    pub(crate) fn on_no_answer(&mut self) -> NoAnswer {
        if self.status != TaskStatus::Running || self.phase() != Phase::Unanswered {
            return NoAnswer::Ignore;
        }
        if self.asked_for_answer {
            return NoAnswer::Fail;
        }
        self.asked_for_answer = true;
        self.work();
        // Read again at the next idle or poll, even if nothing else happens: a child that never
        // picks the prompt up is found idle without an answer a second time.
        self.verified_quiet = None;
        match self.session_id.clone() {
            Some(session) => NoAnswer::Ask { session },
            None => NoAnswer::Ignore,
        }
    }

    /// Whether a status poll that did not list its session (`busy`) makes it an idle
    /// candidate: it works, and something happened since its last "nothing yet" verdict.
    pub(crate) fn idle_in_poll(&self, busy: &serde_json::Map<String, serde_json::Value>) -> bool {
        self.phase() == Phase::Working
            && self.verified_quiet != Some(self.activity_epoch)
            && self.session_id.as_ref().is_some_and(|s| !busy.contains_key(s))
    }

    /// Open todos held its answer back for `grace_ms`: the result it completes with, with a note.
    pub(crate) fn result_after_todo_grace(&self, grace_ms: u64) -> Option<String> {
        if self.phase() != Phase::HeldByTodos {
            return None;
        }
        let mut result = self.result.clone().unwrap_or_default();
        result.push_str(&format!(
            "\n\n(Note: the task ended with {} unfinished todo item(s) after a {} grace period.)",
            self.open_todos(),
            format::duration(grace_ms)
        ));
        Some(result)
    }
}

/// Why a task fails that never answered, though asked.
pub(crate) fn no_answer_error(waited_ms: u64) -> String {
    let waited = format::duration(waited_ms);
    format!(
        "The sub-agent stopped without answering: it went idle without a final answer, was asked for one, and \
         stopped again without it (each time for {waited}, config `idleNoAnswerMs`). Its session is kept."
    )
}
