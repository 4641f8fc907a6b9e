// How a background task ends, end to end: a launch naming an agent OpenCode does not know, the
// descendant budget of a session tree across turns, a child that goes idle without answering, and
// a child blocked on a permission nobody answers. A real `opencode serve` loads the packed plugin
// (see background.test.mjs for the set-up and the style); each scenario asserts on OpenCode's own
// HTTP API, its /event stream and log, and the mock's request log.
//
//   tests/e2e/install-opencode && node --test tests/e2e/lifecycle.test.mjs
//   E2E_KEEP=1 ...         keep the temp dir (logs, DB, project, plugin state)
//
// Two servers, each with its plugin options given in opencode.json: maxDescendants 1 (scenarios
// 9, 10), then short idleNoAnswerMs and blockedTimeoutMs with `bash` set to "ask" (11, 11b, 12).
// Every scenario uses its own parent session, i.e. its own session tree and budget.
import { after, before, describe, test } from "node:test"
import assert from "node:assert/strict"
import { decide, parseReplies } from "./mock-model.mjs"
import { quoted, resultBlock } from "./harness.mjs"
import {
  callTools,
  childSessions,
  diagnosedTest,
  launch,
  notices,
  outputs,
  stateTasks,
  startAgentStack,
  textOf,
} from "./agent.mjs"

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
let current // the stack of the running describe block, for failure diagnostics

/** test() whose failures carry the stack's log tails and the plugin's task table. */
const e2eTest = diagnosedTest(test, () => current)

// ---- helpers over one stack -----------------------------------------------------------------------

/**
 * Waits until the parent has `n` notices, the last of which started an assistant turn that has
 * ended (and the parent is idle); resolves {list, messages}.
 */
async function waitWokenBy(
  s,
  parentID,
  n,
  { timeoutMs = 20000, message = `${n} notice(s), the last one answered` } = {},
) {
  const found = await s.waitFor(
    async () => {
      const messages = await s.messages(parentID)
      const list = notices(messages)
      const reply = list.length >= n ? messages[list.at(-1).index + 1] : undefined
      return reply?.info.role === "assistant" && reply.info.time.completed ? { list, messages } : null
    },
    { timeoutMs, intervalMs: 200, message: `${message} in ${parentID}` },
  )
  await s.waitIdle(parentID, { timeoutMs: 10000 })
  return found
}

/** Mock requests whose last user message is exactly `prompt` (a child's directive). */
const requestsFor = (s, prompt) => s.mockLog().filter((r) => r.kind === "chat" && r.lastUser === prompt)

/** Mock requests answering one of this plugin's notices that names `id`. */
const noticeCallsFor = (s, id) =>
  s
    .mockLog()
    .filter(
      (r) =>
        r.kind === "chat" && /^\[(BACKGROUND TASK|ALL BACKGROUND)/.test(r.lastUser ?? "") && r.lastUser.includes(id),
    )

/** The parent has exactly `notice`, it woke the parent, and one model call answered it. */
async function assertOneWakingNotice(s, parentID, notice, id) {
  const notes = notices(await s.messages(parentID))
  assert.deepEqual(
    notes.map((n) => [n.index, n.woke]),
    [[notice.index, true]],
    `notices: ${JSON.stringify(notes.map((n) => n.text))}`,
  )
  assert.equal(noticeCallsFor(s, id).length, 1, "one model call for the notice")
}

/** The task in the plugin's snapshot once it has ended there (the snapshot is written debounced). */
function savedWhenEnded(s, id) {
  return s.waitFor(
    () => {
      const t = stateTasks(s).get(id)
      return t && !["pending", "running"].includes(t.status) ? t : null
    },
    { timeoutMs: 5000, message: `${id} ended in the plugin state` },
  )
}

/**
 * OpenCode's log lines for aborts of `sessionID`. OpenCode logs no HTTP requests, but every
 * `POST /session/:id/abort` (the plugin's client calls the server in-process) goes through
 * SessionPrompt.cancel, which logs `message=cancel session.id=<id>` once per call, busy or idle.
 */
function cancels(s, sessionID) {
  return s
    .serverLog()
    .split("\n")
    .filter((l) => l.includes(`message=cancel session.id=${sessionID}`))
}

// ---- the scenarios --------------------------------------------------------------------------------

describe("background agent with maxDescendants 1: how tasks end", { timeout: 150000 }, () => {
  let s
  before(
    async () => {
      // Given as plugin options in opencode.json (`[plugin, {…}]`), like the concurrency limit.
      s = current = await startAgentStack({ pluginOptions: { maxDescendants: 1, minRuntimeMs: 300 } })
    },
    { timeout: 600000 },
  ) // the first call may build the component and pack the plugin
  after(async () => {
    await s?.stop()
  })

  e2eTest(
    "9. an agent OpenCode does not know is refused at once, naming the sub-agents: no task, no child session, no notice",
    { timeout: 45000 },
    async () => {
      const parent = await s.createSession({ title: "scenario 9" })
      const prompt = 'mock: text="scenario 9: never sent"'
      const [part] = await callTools(s, parent.id, [
        ["background_task", { description: "ghost agent", agent: "no-such-agent", prompt }],
      ])
      // OpenCode's agent list (read once at start) has no such agent: the tool says so and which
      // sub-agents there are, and launches nothing.
      assert.match(part.output, /^Error: There is no agent "no-such-agent"\. Sub-agents: [a-z, ]*general/)
      assert.equal(part.metadata?.taskId, undefined, "no task id")
      await sleep(1500)
      assert.deepEqual(await childSessions(s, parent.id), [], "no child session")
      assert.deepEqual(notices(await s.messages(parent.id)), [], "no notice")
      assert.deepEqual(requestsFor(s, prompt), [], "the prompt never reached a model")
    },
  )

  e2eTest(
    "10. a task that has finished still counts against maxDescendants: a launch in a later turn is refused, no child session is made",
    { timeout: 45000 },
    async () => {
      const parent = await s.createSession({ title: "scenario 10" })
      const [first] = await launch(s, parent.id, [{ description: "first", prompt: 'mock: text="first: done"' }])
      const { list } = await waitWokenBy(s, parent.id, 1)
      assert.deepEqual(
        list.map((n) => n.kind),
        ["ALL BACKGROUND TASKS COMPLETE"],
      )
      assert.match(list[0].text, new RegExp(`${first.id} "first": completed`))
      assert.equal((await savedWhenEnded(s, first.id)).status, "completed")
      assert.equal((await childSessions(s, parent.id)).length, 1)

      // A later turn of the same session: the model asks for a second task.
      const secondPrompt = 'mock: text="second: never sent"'
      const parts = await callTools(s, parent.id, [
        ["background_task", { agent: "general", description: "second", prompt: secondPrompt }],
      ])
      assert.deepEqual(
        parts.map((p) => p.tool),
        ["background_task"],
      )
      // A refusal is the tool's answer, a one-line error text (js-glue/src/tools.ts), not a tool error.
      assert.match(
        parts[0].output ?? "",
        /^Error: .*`maxDescendants`/,
        `the second launch: ${parts[0].status}: ${parts[0].output}`,
      )

      // Nothing was started: no second child session, no task, no model request.
      await sleep(1000)
      assert.equal((await childSessions(s, parent.id)).length, 1, "still one child session")
      assert.deepEqual(
        [...stateTasks(s).values()].filter((t) => t.description === "second"),
        [],
      )
      assert.deepEqual(requestsFor(s, secondPrompt), [])
      const listed = (await callTools(s, parent.id, [["background_list", {}]]))[0].output
      assert.ok(listed.includes(first.id) && !/\| second \|/.test(listed), listed)
    },
  )
})

// ---- a child that stops without answering, a child blocked on a permission ----------------------------

/** The start of the prompt the plugin sends a child that went idle without answering (src/completion.rs ANSWER_PROMPT). */
const ASKED = "You stopped without giving a final answer"
const ANSWER = "the answer, at last"
const IDLE_NO_ANSWER_MS = 1500
const BLOCKED_TIMEOUT_MS = 5000
/**
 * The mock's answers to the plugin's prompt: silence for the child whose first prompt is scenario
 * 11b's, the answer for any other child.
 */
const ANSWER_REPLIES = [
  { match: `^${ASKED}`, history: "^scenario 11b: ", script: 'text=""' },
  { match: `^${ASKED}`, script: `text="${ANSWER}"` },
]

describe("mock model: a scripted reply that depends on an earlier prompt (no server)", () => {
  test("a MOCK_REPLIES rule with history applies only when an earlier user message of the request matches it", () => {
    const rules = parseReplies(JSON.stringify(ANSWER_REPLIES))
    const asked = { role: "user", content: `${ASKED}. Reply now with your final answer.` }
    const turn = (first) => [{ role: "user", content: first }, { role: "assistant", content: "" }, asked]
    assert.equal(decide({ messages: turn('scenario 11b: silent mock: text=""') }, rules).plan.text, "")
    assert.equal(decide({ messages: turn('scenario 11: mock: text=""') }, rules).plan.text, ANSWER)
    // The last message itself is not history.
    assert.equal(
      decide(
        { messages: [{ role: "user", content: `scenario 11b: ${ASKED}` }] },
        parseReplies(JSON.stringify([ANSWER_REPLIES[0]])),
      ).plan.text,
      `echo: scenario 11b: ${ASKED}`,
    )
  })
})

describe(
  "background agent with short idleNoAnswerMs and blockedTimeoutMs: children that do not answer",
  { timeout: 150000 },
  () => {
    let s
    before(
      async () => {
        s = current = await startAgentStack({
          pluginOptions: {
            minRuntimeMs: 300,
            pollIntervalMs: 500,
            idleNoAnswerMs: IDLE_NO_ANSWER_MS,
            blockedTimeoutMs: BLOCKED_TIMEOUT_MS,
          },
          // Every session asks before running `bash` (the plugin denies only `question` and its own tools in children).
          config: { permission: { bash: "ask" } },
          mockEnv: { MOCK_REPLIES: JSON.stringify(ANSWER_REPLIES) },
        })
      },
      { timeout: 600000 },
    )
    after(async () => {
      await s?.stop()
    })

    e2eTest(
      "11. a child that goes idle without answering is asked once for its answer; it answers, the task completes with it, one notice wakes the parent",
      { timeout: 45000 },
      async () => {
        const parent = await s.createSession({ title: "scenario 11" })
        const prompt = 'scenario 11: mock: text=""'
        const [task] = await launch(s, parent.id, [{ description: "answers late", prompt }])
        const { list } = await waitWokenBy(s, parent.id, 1)
        assert.deepEqual(
          list.map((n) => n.kind),
          ["ALL BACKGROUND TASKS COMPLETE"],
        )
        assert.ok(list[0].text.includes(`- ${task.id} "answers late": completed`), list[0].text)

        // Past another idleNoAnswerMs: nothing more is sent to the child, nor to the parent.
        await sleep(IDLE_NO_ANSWER_MS)
        const [child, ...others] = await childSessions(s, parent.id)
        assert.deepEqual(others, [], "one child session")
        const messages = await s.messages(child.id)
        assert.deepEqual(
          messages.map((m) => m.info.role),
          ["user", "assistant", "user", "assistant"],
          `the child's messages: ${JSON.stringify(messages.map(textOf))}`,
        )
        const [, silent, asked, answered] = messages
        // What OpenCode 1.18 stores for a model turn with no content at all: an assistant message
        // that finished normally, with no text, reasoning or tool part.
        assert.deepEqual([silent.info.finish, silent.parts.map((p) => p.type)], ["stop", ["step-start", "step-finish"]])
        assert.ok(textOf(asked).startsWith(ASKED), textOf(asked))
        assert.ok(
          asked.info.time.created - silent.info.time.completed >= IDLE_NO_ANSWER_MS,
          `asked ${asked.info.time.created - silent.info.time.completed} ms after the silent turn ended (idleNoAnswerMs ${IDLE_NO_ANSWER_MS})`,
        )
        assert.equal(textOf(answered), ANSWER)
        assert.equal(requestsFor(s, prompt).length, 1, "one model call for the task prompt")
        assert.equal(
          s
            .serverLog()
            .split("\n")
            .filter((l) => l.includes(`${task.id}: idle for`) && l.includes("asking for it")).length,
          1,
          "the plugin logged that it asked, once",
        )

        // The answer is the result: in the plugin state and in background_output.
        const saved = await savedWhenEnded(s, task.id)
        assert.deepEqual([saved.status, saved.result], ["completed", ANSWER])
        await assertOneWakingNotice(s, parent.id, list[0], task.id)
        const [out] = await outputs(s, parent.id, [task.id])
        assert.match(out, new RegExp(`\\| ${task.id} \\| "answers late" \\| "general" \\| completed \\|`))
        assert.ok(out.endsWith(resultBlock(ANSWER)), out)
      },
    )

    e2eTest(
      "11b. a child that stays silent after being asked: the task fails, its session is kept (not aborted), one notice wakes the parent",
      { timeout: 45000 },
      async () => {
        const parent = await s.createSession({ title: "scenario 11b" })
        const prompt = 'scenario 11b: silent mock: text=""'
        const [task] = await launch(s, parent.id, [{ description: "never answers", prompt }])
        const { list } = await waitWokenBy(s, parent.id, 1)
        const notice = list[0].text
        assert.deepEqual(
          notice.split("\n").slice(0, 2),
          ["[BACKGROUND TASK FAILED]", "[ALL BACKGROUND TASKS FINISHED - 1 FAILED]"],
          notice,
        )

        const saved = await savedWhenEnded(s, task.id)
        assert.equal(saved.status, "error", `the task in the plugin state: ${JSON.stringify(saved)}`)
        assert.ok(
          saved.error.startsWith("The sub-agent stopped without answering") && saved.error.includes("`idleNoAnswerMs`"),
          saved.error,
        )
        assert.ok(
          new RegExp(
            `- ${task.id} "never answers": error in \\d+s \\([^)]*\\): "The sub-agent stopped without answering`,
          ).test(notice),
          notice,
        )

        // Asked exactly once; silent both times; the task failed idleNoAnswerMs after the second
        // silence (the notice can only be later).
        const [child] = await childSessions(s, parent.id)
        const messages = await s.messages(child.id)
        assert.deepEqual(
          messages.map((m) => m.info.role),
          ["user", "assistant", "user", "assistant"],
          `the child's messages: ${JSON.stringify(messages.map(textOf))}`,
        )
        const [, first, asked, second] = messages
        assert.ok(textOf(asked).startsWith(ASKED), textOf(asked))
        assert.deepEqual([textOf(first), textOf(second)], ["", ""])
        assert.ok(
          list[0].info.time.created - second.info.time.completed >= IDLE_NO_ANSWER_MS,
          `failed ${list[0].info.time.created - second.info.time.completed} ms after the second silence (idleNoAnswerMs ${IDLE_NO_ANSWER_MS})`,
        )
        assert.deepEqual(cancels(s, child.id), [], "the idle child is not aborted")

        await sleep(1000)
        await assertOneWakingNotice(s, parent.id, list[0], task.id)
        const [out] = await outputs(s, parent.id, [task.id])
        assert.match(out, new RegExp(`\\| ${task.id} \\| "never answers" \\| "general" \\| error \\|`))
        assert.ok(out.includes(`The task ended as error: ${quoted(saved.error)}`), out)
      },
    )

    e2eTest(
      "12. a child blocked on a permission nobody answers: the parent is told (woken), reminded at 80% of blockedTimeoutMs, then the task is cancelled, its child aborted once, and the parent told",
      { timeout: 60000 },
      async () => {
        const parent = await s.createSession({ title: "scenario 12" })
        const prompt = 'scenario 12: mock: tool=bash args={"command":"echo scenario 12","description":"needs a yes"}'
        const [task] = await launch(s, parent.id, [{ description: "needs a yes", prompt }])

        // OpenCode asks (permission.asked, the request listed by GET /permission) and the child waits, busy.
        const first = await waitWokenBy(s, parent.id, 1)
        const [child] = await childSessions(s, parent.id)
        const askedEvents = s.eventsOf("permission.asked", child.id)
        const asked = askedEvents.map((e) => [e.properties.permission, e.properties.patterns])
        assert.deepEqual(asked, [["bash", ["echo scenario 12"]]])
        const request = askedEvents[0].properties.id
        assert.deepEqual(
          (await s.api("GET", "/permission")).filter((p) => p.sessionID === child.id).map((p) => p.permission),
          ["bash"],
        )
        assert.ok(child.id in (await s.api("GET", "/session/status")), "the blocked child is busy")
        assert.deepEqual(
          first.list.map((n) => [n.kind, n.woke]),
          [["BACKGROUND TASK NEEDS INPUT", true]],
        )
        const waiting = `is waiting for permission "bash" on "echo scenario 12"`
        assert.ok(
          first.list[0].text.startsWith(
            `[BACKGROUND TASK NEEDS INPUT]\nTask: ${task.id} "needs a yes" ${waiting} (request "${request}").\n`,
          ),
          first.list[0].text,
        )
        assert.ok(first.list[0].text.includes(`background_cancel(task_id="${task.id}")`), first.list[0].text)
        assert.ok(
          first.list[0].text.includes(`background_reply(task_id="${task.id}", reply="once")`),
          first.list[0].text,
        )

        // The reminder, then the cancellation: three notices, each answered by one parent turn.
        const { list } = await waitWokenBy(s, parent.id, 3, { timeoutMs: BLOCKED_TIMEOUT_MS + 20000 })
        assert.deepEqual(
          list.map((n) => [n.kind, n.woke]),
          [
            ["BACKGROUND TASK NEEDS INPUT", true],
            ["BACKGROUND TASK NEEDS INPUT", true],
            ["BACKGROUND TASK CANCELLED", true],
          ],
          `notices: ${JSON.stringify(list.map((n) => n.text))}`,
        )
        const [, reminder, cancelled] = list
        // Reminded on the first poll past 80% of the limit (4s of 5s): before a poll found it past the limit.
        assert.ok(
          reminder.text.includes(
            `Task: ${task.id} "needs a yes" ${waiting}: still unanswered after ${(BLOCKED_TIMEOUT_MS * 0.8) / 1000}s.\n`,
          ),
          reminder.text,
        )
        assert.ok(
          reminder.text.includes(
            `stopped when it has waited ${BLOCKED_TIMEOUT_MS / 1000}s (config \`blockedTimeoutMs\`)`,
          ),
          reminder.text,
        )

        const saved = await savedWhenEnded(s, task.id)
        assert.equal(saved.status, "cancelled", `the task in the plugin state: ${JSON.stringify(saved)}`)
        assert.ok(saved.error.startsWith(`Blocked timeout: it ${waiting} and nobody answered for `), saved.error)
        assert.match(
          saved.error,
          new RegExp(`nobody answered for \\d+s \\(config \`blockedTimeoutMs\` is ${BLOCKED_TIMEOUT_MS / 1000}s\\)\\.`),
          saved.error,
        )
        assert.deepEqual(
          cancelled.text.split("\n").slice(0, 2),
          ["[BACKGROUND TASK CANCELLED]", "[ALL BACKGROUND TASKS FINISHED - 1 CANCELLED]"],
          cancelled.text,
        )
        assert.ok(
          new RegExp(`- ${task.id} "needs a yes": cancelled in \\d+s \\([^)]*\\): `).test(cancelled.text) &&
            cancelled.text.includes(`): ${quoted(`Blocked timeout: it ${waiting}`).slice(0, -1)}`),
          cancelled.text,
        )

        // Timing, on OpenCode's clock: the wait began after the tool started; the reminder came at
        // 80% of blockedTimeoutMs or later, the cancellation at blockedTimeoutMs or later.
        const messages = await s.messages(child.id)
        assert.deepEqual(
          messages.map((m) => `${m.info.role}${m.info.error ? `:${m.info.error.name}` : ""}`),
          ["user", "assistant:MessageAbortedError"],
        )
        const [tool, ...moreTools] = messages[1].parts.filter((p) => p.type === "tool")
        assert.deepEqual(
          [tool.tool, tool.state.status, moreTools.length],
          ["bash", "error", 0],
          "the bash call never ran: it ended with the abort",
        )
        const waited = (n) => n.info.time.created - tool.state.time.start
        assert.ok(waited(reminder) >= BLOCKED_TIMEOUT_MS * 0.8, `reminded ${waited(reminder)} ms into the wait`)
        assert.ok(waited(cancelled) >= BLOCKED_TIMEOUT_MS, `cancelled ${waited(cancelled)} ms into the wait`)

        // The child was aborted exactly once, and its model was asked only for the bash call.
        assert.equal(
          cancels(s, child.id).length,
          1,
          `OpenCode's cancel log lines for the child: ${JSON.stringify(cancels(s, child.id))}`,
        )
        assert.equal(requestsFor(s, prompt).length, 1, "one model call for the task prompt")
        assert.equal(noticeCallsFor(s, task.id).length, 3, "one model call per notice")
        const [out] = await outputs(s, parent.id, [task.id])
        assert.match(out, new RegExp(`\\| ${task.id} \\| "needs a yes" \\| "general" \\| cancelled \\|`))
        assert.ok(out.includes(`The task ended as cancelled: ${quoted(saved.error)}`), out)
      },
    )

    e2eTest(
      "12b. a child blocked on a permission is answered by its parent (background_reply once) and completes",
      { timeout: 45000 },
      async () => {
        const parent = await s.createSession({ title: "scenario 12b" })
        const prompt =
          'scenario 12b: mock: tool=bash args={"command":"echo allowed 12b","description":"needs a yes"} ; text="it ran"'
        const [task] = await launch(s, parent.id, [{ description: "needs a yes", prompt }])
        const first = await waitWokenBy(s, parent.id, 1)
        assert.equal(first.list[0].kind, "BACKGROUND TASK NEEDS INPUT")
        const [child] = await childSessions(s, parent.id)

        // The parent answers (the call its notice names); OpenCode runs the command, the child finishes.
        const [replied] = await callTools(s, parent.id, [["background_reply", { task_id: task.id, reply: "once" }]])
        assert.match(
          replied.output,
          new RegExp(`^Replied to background task ${task.id} "needs a yes", which is waiting`),
        )
        assert.match(replied.output, /: allowed, this once\. It goes on/)
        const { list } = await waitWokenBy(s, parent.id, 2)
        assert.deepEqual(
          list.map((n) => n.kind),
          ["BACKGROUND TASK NEEDS INPUT", "ALL BACKGROUND TASKS COMPLETE"],
        )
        assert.ok(list[1].text.includes(task.id), list[1].text)
        const messages = await s.messages(child.id)
        const bash = messages.flatMap((m) => m.parts).find((p) => p.type === "tool" && p.tool === "bash")
        assert.equal(bash?.state.status, "completed", JSON.stringify(bash?.state))
        assert.match(bash.state.output, /allowed 12b/)
        assert.deepEqual(
          (await s.api("GET", "/permission")).filter((p) => p.sessionID === child.id),
          [],
          "nothing left pending",
        )
        const [out] = await outputs(s, parent.id, [task.id])
        assert.ok(out.includes(resultBlock("it ran")), out)
      },
    )
  },
)
