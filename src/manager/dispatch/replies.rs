//! `background_reply`: the parent answers what its child asked (a permission, a question), by
//! OpenCode's reply API; and a cancelled child's pending question is dismissed (an abort leaves
//! it listed). The child's own words never come back here: the answer is the caller's.

use crate::api::*;
use crate::format;
use crate::manager::{Manager, Purpose};
use crate::task::Asked;

/// What a refused permission tells the child when the caller gave no message: with feedback the
/// child goes on; without, OpenCode stops its run.
const DEFAULT_REFUSAL: &str = "The agent that launched you declined this request. Do not ask for it again: continue without it, \
     or finish with what you have and say what is missing.";
/// What an `autoReply` rule without a message of its own tells the child.
const AUTO_REFUSAL: &str = "This request is refused by the plugin's configuration (autoReply). Do not ask for it \
     again: continue without it, or finish with what you have and say what is missing.";

/// How long one answer (or a refusal's message) may be, in bytes.
const ANSWER_MAX: usize = crate::config::MESSAGE_MAX;

impl Manager {
    /// `background_reply`: answers the pending request of the child of `task` (a task id or a
    /// child session id). A task with nothing pending (answered already, by the user or an
    /// earlier reply) is not an error: the reply says so and nothing is sent.
    pub fn reply(
        &mut self,
        now: Timestamp,
        caller: &str,
        task: &str,
        answer: Answer,
    ) -> Result<ToolReply, RequestError> {
        self.input(now, |m| m.reply_to_child(now, caller, task, answer))
    }

    fn reply_to_child(
        &mut self,
        now: Timestamp,
        caller: &str,
        task: &str,
        answer: Answer,
    ) -> Result<ToolReply, RequestError> {
        if self.shutting_down {
            return Err(RequestError::ShuttingDown);
        }
        let id = self.authorized(caller, task)?.to_string();
        let view = self.view_of(&id)?;
        let receipt = |output: String| ToolReply {
            title: format!("Reply to {}", view.description),
            output,
            task_id: Some(view.id.clone()),
            session_id: view.session_id.clone(),
        };
        let blocked = self.tasks.get(&id).and_then(|t| t.blocked.clone());
        if view.status != TaskStatus::Running || blocked.is_none() {
            return Ok(receipt(format!(
                "Nothing to answer: background task {id} {} ({}) has no pending request. It was answered already \
                 (by the user in its session, or by an earlier reply), or it never asked.",
                format::quoted(&view.description, 300),
                view.status.as_str()
            )));
        }
        let Some(asked) = blocked.as_ref().and_then(|b| b.asked.clone()) else {
            return Err(RequestError::Conflict(format!(
                "Task `{id}` waits on a request saved by an older version of the plugin, which did not keep it: \
                 ask the user to answer it in the task's session, or cancel the task."
            )));
        };
        let what = blocked.map(|b| b.what).unwrap_or_default();
        let (request, said) = answer_request(&id, &asked, answer)?;
        self.call(Purpose::Reply { task: id.clone(), request: asked.id().to_string() }, request);
        if let Some(t) = self.tasks.get_mut(&id) {
            // The answer is on its way: the wait for it is over, and the child's quiet clock starts again.
            t.note_activity(now);
            if let Some(b) = t.blocked.as_mut() {
                b.since = now;
                b.reminded = false;
            }
        }
        self.mark_dirty();
        Ok(receipt(format!(
            "Replied to background task {id} {}, which {what}: {said}. It goes on; you will be notified when it finishes.",
            format::quoted(&view.description, 300)
        )))
    }

    /// The reply reached OpenCode, or not. A request answered meanwhile (by the user, or a
    /// race) is not found: nothing is lost. Any other failure leaves the child waiting: its parent
    /// is told, so that it can try again.
    pub(crate) fn on_reply_sent(&mut self, task: &str, request: &str, reply: Result<String, SdkError>) {
        match reply {
            Ok(_) => self.out.log(LogLevel::Info, format!("{task}: request {request} answered")),
            Err(e) if e.is_not_found() => {
                self.out.log(LogLevel::Info, format!("{task}: request {request} was already resolved"))
            }
            Err(e) => {
                self.out.log(LogLevel::Warn, format!("{task}: the answer to {request} failed: {}", e.message));
                let Some(t) = self.tasks.get(task).filter(|t| t.status == TaskStatus::Running) else { return };
                let parent = t.parent.session_id.clone();
                let text = format!(
                    "[BACKGROUND TASK NEEDS INPUT]\nTask: {task} {}: the answer to its request {} did not reach it ({}). \
                     It still waits: try background_reply again, or background_cancel(task_id=\"{task}\").",
                    format::quoted(&t.description, 300),
                    format::quoted(request, 100),
                    format::quoted(&e.message, 300)
                );
                self.notify_info(&parent, text, true);
            }
        }
    }

    /// An `autoReply` rule refuses what the child asked: nobody is woken, the child reads the
    /// rule's message (or a default one) and goes on.
    pub(crate) fn auto_reject(
        &mut self,
        id: &str,
        request: String,
        permission: &str,
        message: Option<String>,
        now: Timestamp,
    ) {
        if let Some(t) = self.tasks.get_mut(id) {
            t.note_activity(now);
        }
        self.out.log(
            LogLevel::Info,
            format!("{id}: permission {} refused by an autoReply rule", format::quoted(permission, 100)),
        );
        let message = Some(message.unwrap_or_else(|| AUTO_REFUSAL.to_string()));
        let purpose = Purpose::Reply { task: id.to_string(), request: request.clone() };
        self.call(
            purpose,
            SdkRequest::ReplyPermission { request_id: request, verdict: PermissionVerdict::Reject, message },
        );
    }

    /// A task that ends while its child waits on a question dismisses it: an abort would leave
    /// the question listed (in the TUI too) with nobody left to answer it.
    pub(crate) fn dismiss_question(&mut self, id: &str) {
        let Some(Asked::Question { id: request, .. }) =
            self.tasks.get(id).and_then(|t| t.blocked.as_ref()).and_then(|b| b.asked.clone())
        else {
            return;
        };
        let purpose = Purpose::Reply { task: id.to_string(), request: request.clone() };
        self.call(purpose, SdkRequest::RejectQuestion(request));
    }
}

/// The call that gives `answer` to `asked`, and what it does in words; an answer of the wrong
/// kind is refused with the kind that fits.
fn answer_request(id: &str, asked: &Asked, answer: Answer) -> Result<(SdkRequest, String), RequestError> {
    let request_id = asked.id().to_string();
    match (asked, answer) {
        (Asked::Permission { .. }, Answer::Once) => Ok((
            SdkRequest::ReplyPermission { request_id, verdict: PermissionVerdict::Once, message: None },
            "allowed, this once".to_string(),
        )),
        (Asked::Permission { .. }, Answer::Reject { message }) => {
            let message = check_answer("message", message.as_deref().unwrap_or(DEFAULT_REFUSAL))?;
            let said = format!("refused, with the message {}", format::quoted(&message, 300));
            Ok((
                SdkRequest::ReplyPermission { request_id, verdict: PermissionVerdict::Reject, message: Some(message) },
                said,
            ))
        }
        (Asked::Permission { .. }, Answer::Answers(_)) => Err(RequestError::Invalid(format!(
            "Task `{id}` waits for a permission, not answers: reply \"once\" to allow it this once, or \"reject\" \
             (with a message) to refuse it."
        ))),
        (Asked::Question { .. }, Answer::Reject { .. }) => {
            Ok((SdkRequest::RejectQuestion(request_id), "dismissed (it goes on without an answer)".to_string()))
        }
        (Asked::Question { .. }, Answer::Once) => Err(RequestError::Invalid(format!(
            "Task `{id}` asks a question: give `answers` (one per question), or reply \"reject\" to dismiss it."
        ))),
        (Asked::Question { count, .. }, Answer::Answers(answers)) => {
            if answers.len() != *count as usize {
                return Err(RequestError::Invalid(format!(
                    "Task `{id}` asked {count} question(s): give exactly one answer for each, in order ({} given).",
                    answers.len()
                )));
            }
            let answers =
                answers.iter().map(|a| check_answer("answer", a).map(|a| vec![a])).collect::<Result<Vec<_>, _>>()?;
            Ok((SdkRequest::ReplyQuestion { request_id, answers }, format!("answered ({count} answer(s))")))
        }
    }
}

/// An answer or a message: not empty, not longer than [`ANSWER_MAX`] bytes.
fn check_answer(what: &str, text: &str) -> Result<String, RequestError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(RequestError::Invalid(format!("The {what} must not be empty.")));
    }
    if text.len() > ANSWER_MAX {
        return Err(RequestError::Invalid(format!(
            "The {what} may be {ANSWER_MAX} bytes at most ({} given).",
            text.len()
        )));
    }
    Ok(text.to_string())
}
