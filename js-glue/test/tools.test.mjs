// The tools through the real plugin and the real core, on a mock SDK client.
import { after, describe, test } from "node:test"
import assert from "node:assert/strict"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { createMockClient, DIST, start, sleep, waitFor } from "./support/mock.mjs"

const started = []
const run = async (opts) => {
  const s = await start(opts)
  started.push(s)
  return s
}
after(async () => {
  for (const s of started) await s.dispose()
})

describe("background_task", () => {
  test("launches: receipt, child session with parent and deny rules, prompt with agent and model", async () => {
    const s = await run()
    const { out, taskId, child } = await s.launch({ model: "openrouter/anthropic/claude-x" })
    assert.match(taskId, /^bg_[0-9a-f]{8}$/)
    assert.match(out.output, new RegExp(`Task ID: ${taskId}`))
    assert.match(out.output, /do not poll/)
    assert.deepEqual(out.metadata, { taskId, sessionId: undefined })
    const create = s.mock.rec.creates[0].body
    assert.equal(create.parentID, "ses_A")
    assert.match(create.title, /look around/)
    assert.ok(create.permission.some((r) => r.permission === "question" && r.action === "deny"))
    const prompt = s.mock.rec.prompts.find((p) => p.sessionID === child).body
    assert.deepEqual(prompt.parts, [{ type: "text", text: "Read the code." }])
    assert.equal(prompt.agent, "general")
    assert.equal(prompt.noReply, false)
    assert.deepEqual(prompt.model, { providerID: "openrouter", modelID: "anthropic/claude-x" })
  })

  test("a bad model string is a one-line error, nothing launched", async () => {
    const s = await run()
    for (const model of ["gpt-5", "openai/", "/gpt-5", "open ai/gpt", "openai/gpt 5"]) {
      const out = await s.tool("background_task", { description: "d", prompt: "p", agent: "general", model })
      assert.match(out.output, /^Error: `model` must be of the form provider\/model/, model)
      assert.ok(!out.output.includes("\n"))
    }
    await sleep(5)
    assert.equal(s.mock.rec.creates.length, 0)
    assert.equal(s.mock.rec.gets.length, 0)
  })

  test("fallback and budget arguments: a bad fallback entry is one line of error; a budget shows in the receipt", async () => {
    const s = await run()
    const bad = await s.tool("background_task", {
      description: "d",
      prompt: "p",
      agent: "general",
      fallback: ["openai/gpt-b", "nope"],
    })
    assert.equal(bad.output, 'Error: each `fallback` entry must be of the form provider/model, got "nope"')
    const { out } = await s.launch({
      fallback: ["openai/gpt-b"],
      max_tokens: 50000,
      max_cost_usd: 1.5,
      max_minutes: 10,
    })
    assert.match(out.output, /Budget \(each run\): at most 50,000 tokens, \$1\.50, 10 minute\(s\)\./)
  })

  test("an empty prompt or description is refused by the core as text", async () => {
    const s = await run()
    const a = await s.tool("background_task", { description: "d", prompt: "  ", agent: "general" })
    assert.equal(a.output, "Error: `prompt` must not be empty")
    const b = await s.tool("background_task", { description: "", prompt: "p", agent: "general" })
    assert.equal(b.output, "Error: `description` must not be empty")
    assert.deepEqual(a.metadata, {})
  })

  test("a primary agent is refused once the agent list is read; the list is read once", async () => {
    const s = await run()
    await waitFor(() => s.mock.rec.agentLists === 1, { what: "the agent list read at start" })
    await sleep(5)
    const out = await s.tool("background_task", { description: "d", prompt: "p", agent: "build" })
    assert.match(out.output, /^Error: Agent "build" is a primary agent/)
    assert.match(out.output, /Sub-agents: explore, general\./)
    assert.deepEqual(out.metadata, {})
    await s.launch()
    assert.equal(s.mock.rec.agentLists, 1)
    assert.equal(s.mock.rec.creates.length, 1)
  })

  test("the agent list crosses into the core with only the fields it reads", async () => {
    const { perform } = await import(pathToFileURL(join(DIST, "sdk.js")).href)
    const reply = await perform(createMockClient().client, { tag: "list-agents" })
    assert.equal(reply.tag, "ok")
    const agents = JSON.parse(reply.val)
    assert.deepEqual(Object.keys(agents[1]).sort(), ["mode", "name", "permission"])
    assert.deepEqual(agents[1].permission[1], { permission: "edit", pattern: "*", action: "deny" })
    assert.ok(reply.val.length < 1000, "no prompts")
  })

  test("a view of the tasks is written under one metadata key; the session's other keys stay", async () => {
    const { perform } = await import(pathToFileURL(join(DIST, "sdk.js")).href)
    const mock = createMockClient()
    const { client } = mock
    await client.session.create({ body: {} })
    const id = mock.rec.creates[0].id
    await client.session.update({ path: { id }, body: { metadata: { mine: { a: 1 } } } })
    const view = JSON.stringify({ version: 1, running: 1, tasks: [{ id: "bg_1" }] })
    const wrote = await perform(client, { tag: "publish-tasks", val: { sessionId: id, view } })
    assert.equal(wrote.tag, "ok")
    assert.deepEqual(mock.rec.updates.at(-1).body.metadata, { mine: { a: 1 }, backgroundTasks: JSON.parse(view) })
    await perform(client, { tag: "publish-tasks", val: { sessionId: id, view: undefined } })
    assert.deepEqual(mock.rec.updates.at(-1).body.metadata, { mine: { a: 1 } })
    const gone = await perform(client, { tag: "publish-tasks", val: { sessionId: "ses_gone", view } })
    assert.equal(gone.tag, "err", "a session that does not exist: its read fails, nothing is written")
    assert.equal(mock.rec.updates.length, 3)
  })

  test("a messages reply crosses with what the core reads: no tool inputs or outputs, no diffs", async () => {
    const { perform } = await import(pathToFileURL(join(DIST, "sdk.js")).href)
    const mock = createMockClient()
    const big = "o".repeat(1_000_000)
    const info = {
      id: "msg_1",
      sessionID: "ses_x",
      role: "assistant",
      finish: "stop",
      time: { created: 1, completed: 2 },
    }
    const parts = [
      { type: "reasoning", text: big },
      { type: "tool", tool: "bash", state: { status: "completed", input: { command: big }, output: big } },
      { type: "text", text: "The answer." },
    ]
    const user = { info: { id: "msg_0", role: "user", summary: { diffs: [big] }, agent: "build" }, parts: [] }
    mock.messages.set("ses_x", [user, { info, parts }])
    const reply = await perform(mock.client, { tag: "session-messages", val: { sessionId: "ses_x" } })
    assert.equal(reply.tag, "ok")
    assert.ok(reply.val.length < 1_000, `${reply.val.length} bytes`)
    const [u, a] = JSON.parse(reply.val)
    assert.deepEqual(u.info, { id: "msg_0", role: "user", agent: "build" })
    assert.deepEqual(a.info, { id: "msg_1", role: "assistant", finish: "stop", time: { created: 1, completed: 2 } })
    assert.deepEqual(a.parts, [
      { type: "reasoning", text: "o".repeat(100) },
      { type: "tool" },
      { type: "text", text: "The answer." },
    ])
  })

  test("an SDK error on create fails the task (reported, not thrown)", async () => {
    const s = await run()
    s.mock.fail("create", { status: 500, name: "UnknownError", message: "disk full" })
    const out = await s.tool("background_task", { description: "d", prompt: "p", agent: "general" })
    const id = out.metadata.taskId
    await waitFor(async () => /error/.test((await s.tool("background_output", { task_id: id })).title), {
      what: "error status",
    })
    const o = await s.tool("background_output", { task_id: id })
    assert.match(o.output, /disk full/)
  })
})

describe("background_output", () => {
  test("running status, then the result; unknown and foreign ids are errors", async () => {
    const s = await run()
    const { taskId, child } = await s.launch()
    const running = await s.tool("background_output", { task_id: taskId })
    assert.match(running.output, /Still running/)
    assert.deepEqual(running.metadata, { taskId, sessionId: child })
    await s.finish(child, "Found 3 bugs.")
    await waitFor(async () => /Found 3 bugs/.test((await s.tool("background_output", { task_id: taskId })).output), {
      what: "result",
    })
    const unknown = await s.tool("background_output", { task_id: "bg_00000000" })
    assert.equal(unknown.output, "Error: No background task with id `bg_00000000`.")
    const foreign = await s.tool("background_output", { task_id: taskId }, "ses_B")
    // A foreign session is refused in the words used for an unknown id: nothing leaks.
    assert.equal(foreign.output, `Error: No background task with id \`${taskId}\`.`)
  })

  test("block=true returns when the task settles (woken by task-settled)", async () => {
    const s = await run()
    const { taskId, child } = await s.launch()
    const t0 = Date.now()
    let returned = false
    const waiting = s
      .tool("background_output", { task_id: taskId, block: true, timeout_ms: 10000 })
      .finally(() => (returned = true))
    await sleep(30)
    assert.equal(returned, false, "still waiting while the task runs")
    await s.finish(child, "Blocked result.")
    const out = await waiting
    assert.match(out.output, /Blocked result/)
    assert.ok(Date.now() - t0 < 5000)
  })

  test("block=true times out with the status; the abort signal ends the wait too", async () => {
    const s = await run()
    const { taskId } = await s.launch()
    const t0 = Date.now()
    const out = await s.tool("background_output", { task_id: taskId, block: true, timeout_ms: 60 })
    assert.ok(Date.now() - t0 >= 55, "waited for the timeout")
    assert.match(out.output, /Still running/)
    const abort = new AbortController()
    const waiting = s.tool("background_output", { task_id: taskId, block: true, timeout_ms: 600000 }, "ses_A", {
      abort: abort.signal,
    })
    setTimeout(() => abort.abort(), 20)
    assert.match((await waiting).output, /Still running/)
  })

  test("block=true on a finished task or an unknown id answers at once", async () => {
    const s = await run()
    const { taskId, child } = await s.launch()
    await s.finish(child)
    await waitFor(async () => /completed/.test((await s.tool("background_output", { task_id: taskId })).title))
    const t0 = Date.now()
    await s.tool("background_output", { task_id: taskId, block: true, timeout_ms: 5000 })
    const unknown = await s.tool("background_output", { task_id: "bg_nope", block: true, timeout_ms: 5000 })
    assert.match(unknown.output, /^Error: /)
    assert.ok(Date.now() - t0 < 1000)
  })

  test("block=true by the child session id wakes when the task ends", async () => {
    const s = await run()
    const { child } = await s.launch()
    const t0 = Date.now()
    const waiting = s.tool("background_output", { task_id: child, block: true, timeout_ms: 10000 })
    await sleep(30)
    await s.finish(child, "Found by its session.")
    assert.match((await waiting).output, /Found by its session/)
    assert.ok(Date.now() - t0 < 5000, "woken by the ending, not the timeout")
  })

  test("a long result in pages: offset, max_chars, tail; offset with tail is refused", async () => {
    const s = await run()
    const { taskId, child } = await s.launch()
    const answer = Array.from({ length: 3000 }, (_, i) => `row ${String(i).padStart(4, "0")} é\n`)
      .join("")
      .trimEnd()
    await s.finish(child, answer)
    await waitFor(async () => /completed/.test((await s.tool("background_output", { task_id: taskId })).title))
    const first = (await s.tool("background_output", { task_id: taskId })).output
    assert.match(first, new RegExp(`characters 1 to 20000 of ${answer.length}:`))
    assert.match(first, new RegExp(`Next page: background_output\\(task_id="${taskId}", offset=20000\\)`))
    const second = (await s.tool("background_output", { task_id: taskId, offset: 20000, max_chars: 100 })).output
    assert.match(
      second,
      new RegExp(`characters 20001 to 20100 of ${answer.length}:\n\`\`\`\n${answer.slice(20000, 20100)}\n`),
    )
    const tail = (await s.tool("background_output", { task_id: taskId, tail: true, max_chars: 12 })).output
    assert.match(tail, /row 2999 é\n```\nThat is the end of the result\.$/)
    const both = await s.tool("background_output", { task_id: taskId, tail: true, offset: 5 })
    assert.equal(both.output, "Error: give either `offset` or `tail`, not both")
    await assert.rejects(s.tool("background_output", { task_id: taskId, max_chars: 100001 }))
  })

  test("view=transcript: the child's texts and tool calls, quoted; a queued task has none", async () => {
    const s = await run()
    const { taskId, child } = await s.launch()
    s.mock.messages.set(child, [
      { info: { role: "user" }, parts: [{ type: "text", text: "Read the code." }] },
      {
        info: { role: "assistant" },
        parts: [
          {
            type: "tool",
            tool: "read",
            state: { status: "completed", input: { filePath: "a.ts" }, output: "x".repeat(1e6) },
          },
          { type: "text", text: "It parses." },
        ],
      },
    ])
    const out = (await s.tool("background_output", { task_id: taskId, view: "transcript" })).output
    assert.match(out, new RegExp(`Transcript of the child session ${child}`))
    assert.match(out, /\[user\] "Read the code\."/)
    assert.match(out, /\[assistant\] tool "read" "completed", input "\{\\"filePath\\":\\"a\.ts\\"\}"/)
    assert.match(out, /\[assistant\] "It parses\."/)
    assert.ok(out.length < 2_000, "the tool's output does not cross")
    const foreign = await s.tool("background_output", { task_id: taskId, view: "transcript" }, "ses_B")
    assert.match(foreign.output, /^Error: No background task with id /)
  })

  test("timeout_ms above 600000 is refused by the schema", async () => {
    const s = await run()
    await assert.rejects(s.tool("background_output", { task_id: "bg_x", block: true, timeout_ms: 600001 }))
  })
})

describe("background_wait", () => {
  test("returns when the last task ends, with every result; a read result is not announced again", async () => {
    const s = await run()
    const a = await s.launch({ description: "first" })
    const b = await s.launch({ description: "second" })
    let returned = false
    const waiting = s.tool("background_wait", {}).finally(() => (returned = true))
    await s.finish(a.child, "First result.")
    await sleep(30)
    assert.equal(returned, false, "one task still runs")
    await s.finish(b.child, "Second result.")
    const out = await waiting
    assert.equal(out.title, "Background tasks: 2/2 finished")
    assert.match(out.output, /^All 2 task\(s\) finished\./)
    assert.match(out.output, /First result\./)
    assert.match(out.output, /Second result\./)
    // The second was read as it ended: past the coalescing window, no notice names it.
    await sleep(400)
    const notices = s.mock.rec.prompts.filter((p) => p.sessionID === "ses_A").map((p) => JSON.stringify(p.body))
    assert.ok(!notices.some((n) => n.includes(b.taskId)), `no notice of the read result: ${notices}`)
    // Nothing is left to wait for: a second wait answers at once.
    const again = await s.tool("background_wait", { timeout_ms: 60000 })
    assert.equal(again.output, "No unfinished or unread background tasks to wait for.")
  })

  test("stops at timeout_ms or the abort, saying what still runs; an unknown id is an error", async () => {
    const s = await run()
    const { taskId, child } = await s.launch()
    const t0 = Date.now()
    const out = await s.tool("background_wait", { task_ids: [child], timeout_ms: 60 })
    assert.ok(Date.now() - t0 >= 55, "waited for the timeout")
    assert.match(out.output, /^Stopped waiting: 1 of 1 task\(s\) still running\./)
    assert.match(out.output, new RegExp(`\\| ${taskId} \\| `))
    const abort = new AbortController()
    const waiting = s.tool("background_wait", { task_ids: [taskId] }, "ses_A", { abort: abort.signal })
    setTimeout(() => abort.abort(), 20)
    assert.match((await waiting).output, /still running/)
    const unknown = await s.tool("background_wait", { task_ids: [taskId, "bg_nope"] })
    assert.equal(unknown.output, "Error: No background task with id `bg_nope`.")
    const foreign = await s.tool("background_wait", { task_ids: [taskId] }, "ses_B")
    assert.match(foreign.output, /^Error: No background task/)
  })
})

describe("background_reply", () => {
  test("answers a permission and a question through OpenCode's v2 routes; wrong kinds and bad arguments are errors", async () => {
    const s = await run()
    const { taskId, child } = await s.launch()
    await s.event("permission.asked", {
      id: "per_1",
      sessionID: child,
      permission: "bash",
      patterns: ["ls"],
      metadata: {},
      always: [],
    })
    const both = await s.tool("background_reply", { task_id: taskId, reply: "once", answers: ["a"] })
    assert.equal(both.output, "Error: give either `reply` (once or reject) or `answers`")
    const wrong = await s.tool("background_reply", { task_id: taskId, answers: ["a"] })
    assert.match(wrong.output, /^Error: Task `bg_\w+` waits for a permission, not answers/)
    const once = await s.tool("background_reply", { task_id: child, reply: "once" })
    assert.match(once.output, /: allowed, this once\. It goes on/)
    await waitFor(() => s.mock.rec.posts.length === 1, { what: "the permission reply" })
    assert.deepEqual(s.mock.rec.posts[0], {
      url: "/permission/{requestID}/reply",
      path: { requestID: "per_1" },
      body: { reply: "once", message: undefined },
    })
    await s.event("permission.replied", { sessionID: child, requestID: "per_1", reply: "once" })
    await s.event("question.asked", { id: "que_1", sessionID: child, questions: [{ question: "Which?", options: [] }] })
    await s.tool("background_reply", { task_id: taskId, answers: ["the first"] })
    await waitFor(() => s.mock.rec.posts.length === 2, { what: "the question reply" })
    assert.deepEqual(s.mock.rec.posts[1], {
      url: "/question/{requestID}/reply",
      path: { requestID: "que_1" },
      body: { answers: [["the first"]] },
    })
    const foreign = await s.tool("background_reply", { task_id: taskId, reply: "reject" }, "ses_B")
    assert.match(foreign.output, /^Error: No background task/)
  })
})

describe("background_cancel", () => {
  test("one task: aborts its child, summary text; errors for unknown, foreign, finished, no argument", async () => {
    const s = await run()
    const { taskId, child } = await s.launch()
    const foreign = await s.tool("background_cancel", { task_id: taskId }, "ses_B")
    assert.match(foreign.output, /^Error: No background task with id /)
    const out = await s.tool("background_cancel", { task_id: taskId })
    assert.match(out.output, new RegExp(`Cancelled 1 background task\\(s\\):\\n- ${taskId}`))
    await waitFor(() => s.mock.rec.aborts.includes(child), { what: "abort" })
    const again = await s.tool("background_cancel", { task_id: taskId })
    assert.match(again.output, /^Error: Task .* already ended as cancelled\.$/)
    assert.match((await s.tool("background_cancel", { task_id: "bg_none" })).output, /^Error: No background task/)
    assert.match((await s.tool("background_cancel", {})).output, /^Error: give `task_id`/)
    assert.match((await s.tool("background_cancel", { task_id: taskId, all: true })).output, /^Error: give either/)
  })

  test("all=true cancels only this session's unfinished tasks", async () => {
    const s = await run()
    const a = await s.launch({ description: "one" })
    const b = await s.launch({ description: "two" })
    const other = await s.launch({ description: "other" }, "ses_B")
    const out = await s.tool("background_cancel", { all: true })
    assert.match(out.output, /Cancelled 2 background task/)
    assert.ok(out.output.includes(a.taskId) && out.output.includes(b.taskId))
    assert.match((await s.tool("background_output", { task_id: other.taskId }, "ses_B")).output, /Still running/)
    assert.match((await s.tool("background_cancel", { all: true })).output, /No unfinished background tasks/)
  })
})

describe("background_list and background_resume", () => {
  test("list shows this session's tasks with N/M done", async () => {
    const s = await run()
    assert.equal((await s.tool("background_list", {})).output, "No background tasks for this session.")
    const a = await s.launch({ description: "first" })
    await s.launch({ description: "second" })
    await s.finish(a.child)
    await waitFor(async () => /1\/2 done/.test((await s.tool("background_list", {})).output), { what: "1/2 done" })
    const list = await s.tool("background_list", {})
    assert.equal(list.title, "Background tasks")
    assert.match(list.output, /\| "first" \|/)
    assert.equal((await s.tool("background_list", {}, "ses_B")).output, "No background tasks for this session.")
    // One page at a time, saying how many there are and where the next page starts.
    const first = await s.tool("background_list", { limit: 1 })
    assert.match(first.output, /\| "first" \|/)
    assert.doesNotMatch(first.output, /"second"/)
    assert.match(first.output, /Showing 1-1 of 2 tasks\. Next page: background_list\(offset=1\)\./)
    const next = await s.tool("background_list", { offset: 1, limit: 1 })
    assert.match(next.output, /\| "second" \|/)
    assert.match(next.output, /Showing 2-2 of 2 tasks\.\n/)
  })

  test("resume continues a finished task in its session; errors otherwise", async () => {
    const s = await run()
    const { taskId, child } = await s.launch()
    const before = s.mock.rec.prompts.length
    const early = await s.tool("background_resume", { task_id: taskId, prompt: "more" })
    assert.match(early.output, /Status: running/, "resuming a running task changes nothing")
    await sleep(5)
    assert.equal(s.mock.rec.prompts.length, before)
    await s.finish(child)
    await waitFor(async () => /completed/.test((await s.tool("background_output", { task_id: taskId })).title))
    const prompts = s.mock.rec.prompts.length
    const out = await s.tool("background_resume", { task_id: taskId, prompt: "Now fix them." })
    assert.match(out.output, /resumed/)
    assert.equal(out.metadata.taskId, taskId)
    await waitFor(() => s.mock.rec.prompts.slice(prompts).some((p) => p.sessionID === child), { what: "resume prompt" })
    const p = s.mock.rec.prompts.slice(prompts).find((x) => x.sessionID === child)
    assert.deepEqual(p.body.parts, [{ type: "text", text: "Now fix them." }])
    assert.match((await s.tool("background_resume", { task_id: "bg_none", prompt: "x" })).output, /^Error: /)
    assert.match(
      (await s.tool("background_resume", { task_id: taskId, prompt: "x" }, "ses_B")).output,
      /^Error: No background task with id /,
    )
  })

  test("message reaches a running task's child, resumes a finished one, refuses a foreign caller", async () => {
    const s = await run()
    const { taskId, child } = await s.launch()
    const before = s.mock.rec.prompts.length
    const out = await s.tool("background_message", { task_id: child, message: "Focus on the parser." })
    assert.match(out.output, new RegExp(`^Message queued for background task ${taskId} `))
    assert.equal(out.title, "Message: look around")
    assert.equal(out.metadata.taskId, taskId)
    await waitFor(() => s.mock.rec.prompts.slice(before).some((p) => p.sessionID === child), { what: "the message" })
    const sent = s.mock.rec.prompts.slice(before).find((p) => p.sessionID === child)
    assert.deepEqual(sent.body.parts, [{ type: "text", text: "Focus on the parser." }])
    const foreign = await s.tool("background_message", { task_id: taskId, message: "x" }, "ses_B")
    assert.match(foreign.output, /^Error: No background task with id /)
    await s.finish(child)
    await waitFor(async () => /completed/.test((await s.tool("background_output", { task_id: taskId })).title))
    const again = await s.tool("background_message", { task_id: taskId, message: "Now the lexer." })
    assert.match(again.output, /^Background task resumed in its session\./)
  })

  test("message with interrupt=true aborts the child's turn, then sends the message", async () => {
    const s = await run()
    const { taskId, child } = await s.launch()
    const before = s.mock.rec.prompts.length
    const out = await s.tool("background_message", { task_id: taskId, message: "Stop: summarise.", interrupt: true })
    assert.match(out.output, new RegExp(`^Interrupted background task ${taskId} "look around": its current turn`))
    await waitFor(() => s.mock.rec.prompts.slice(before).some((p) => p.sessionID === child), { what: "the message" })
    assert.deepEqual(s.mock.rec.aborts, [child], "aborted once, before the message")
    const sent = s.mock.rec.prompts.slice(before).find((p) => p.sessionID === child)
    assert.deepEqual(sent.body.parts, [{ type: "text", text: "Stop: summarise." }])
    // The abort's idle does not end the task.
    await s.event("session.status", { sessionID: child, status: { type: "idle" } })
    assert.match((await s.tool("background_output", { task_id: taskId })).title, /running/)
  })
})
