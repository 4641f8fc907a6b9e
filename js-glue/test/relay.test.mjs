// The event hook: only events of sessions the core asked for cross into the component.
import { after, describe, test } from "node:test"
import assert from "node:assert/strict"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { DIST, start, sleep, waitFor } from "./support/mock.mjs"

const { relay } = await import(pathToFileURL(join(DIST, "relay.js")).href)

function fakeHost() {
  const seen = []
  const host = {
    interests: new Map(),
    logs: [],
    log: (level, message) => host.logs.push(`${level}: ${message}`),
    core: {
      run: (_what, f) => ({
        ok: true,
        value: f({
          handleEvent: (e) => seen.push(e),
          handlePartUpdated: (sessionId, part) => seen.push({ tag: "part-updated", val: { sessionId, part } }),
          handleMessageUpdated: (sessionId, m) => seen.push({ tag: "message-updated", val: { sessionId, ...m } }),
        }),
      }),
    },
  }
  return { host, seen, hook: relay(host) }
}
const ev = (type, properties) => ({ event: { id: "evt_1", type, properties } })

describe("relay (unit, fake core)", () => {
  test("untracked sessions never reach handleEvent", async () => {
    const { seen, hook } = fakeHost()
    for (const type of ["session.status", "session.idle", "message.updated", "message.part.delta", "todo.updated"]) {
      await hook(ev(type, { sessionID: "ses_x", status: { type: "idle" } }))
    }
    assert.deepEqual(seen, [])
  })

  test("lifecycle interest lets lifecycle events through, not activity", async () => {
    const { host, seen, hook } = fakeHost()
    host.interests.set("ses_p", { lifecycle: true, activity: false })
    await hook(ev("session.status", { sessionID: "ses_p", status: { type: "idle" } }))
    await hook(ev("session.error", { sessionID: "ses_p", error: { name: "UnknownError" } }))
    await hook(ev("message.updated", { sessionID: "ses_p", info: { id: "msg_1" } }))
    await hook(ev("message.part.delta", { sessionID: "ses_p", delta: "x" }))
    assert.deepEqual(
      seen.map((e) => e.val.eventType),
      ["session.status", "session.error"],
    )
    assert.deepEqual(JSON.parse(seen[0].val.properties), { sessionID: "ses_p", status: { type: "idle" } })
  })

  test("activity interest: deltas cross as the session id only, other events as JSON", async () => {
    const { host, seen, hook } = fakeHost()
    host.interests.set("ses_c", { lifecycle: true, activity: true })
    await hook(
      ev("message.part.delta", { sessionID: "ses_c", messageID: "m", partID: "p", field: "text", delta: "long text" }),
    )
    await hook(ev("todo.updated", { sessionID: "ses_c", todos: [] }))
    await hook(ev("permission.asked", { id: "per_1", sessionID: "ses_c", permission: "bash", patterns: [] }))
    await hook(ev("question.rejected", { sessionID: "ses_c", requestID: "q" }))
    await hook(ev("file.edited", { sessionID: "ses_c", file: "x" }))
    await hook(ev("tui.toast.show", { sessionID: "ses_c", message: "x" }))
    assert.deepEqual(seen[0], { tag: "part-delta", val: "ses_c" })
    assert.deepEqual(
      seen.slice(1).map((e) => e.val.eventType),
      ["todo.updated", "permission.asked", "question.rejected"],
    )
  })

  test("the hot events cross with only the fields the core reads, whatever their payload", async () => {
    const { host, seen, hook } = fakeHost()
    host.interests.set("ses_c", { lifecycle: true, activity: true })
    const big = "x".repeat(1_000_000)
    const state = { status: "completed", input: { filePath: "a.ts", content: big }, output: big, metadata: { big } }
    await hook(
      ev("message.part.updated", { sessionID: "ses_c", part: { id: "prt_1", type: "tool", tool: "write", state } }),
    )
    await hook(
      ev("message.part.updated", { sessionID: "ses_c", part: { id: "prt_2", type: "text", text: `${big}end.` } }),
    )
    const error = { name: "APIError", data: { message: big, statusCode: 400, responseBody: big } }
    const info = {
      id: "msg_1",
      role: "assistant",
      error,
      tokens: { input: 1, output: 2, reasoning: 3, cache: { read: 40, write: 5 } },
      cost: 0.5,
      path: {},
    }
    await hook(ev("message.updated", { sessionID: "ses_c", info }))
    assert.deepEqual(
      seen.map((e) => [e.tag, e.val.sessionId]),
      [
        ["part-updated", "ses_c"],
        ["part-updated", "ses_c"],
        ["message-updated", "ses_c"],
      ],
    )
    const [tool, text, message] = seen.map((e) => e.val)
    const crossing = JSON.stringify(seen).length
    assert.ok(crossing < 7_000, `${crossing} characters cross`)
    assert.equal(tool.part.tag, "tool")
    const { input, ...call } = tool.part.val
    assert.deepEqual(call, { id: "prt_1", tool: "write", status: "completed" })
    assert.deepEqual(JSON.parse(input), { filePath: "a.ts", content: `${"x".repeat(1_000)}…[1000000]` })
    assert.equal(text.part.tag, "text")
    assert.ok(text.part.val.text.endsWith("end.") && text.part.val.text.length === 400)
    assert.equal(text.part.val.synthetic, false)
    const { error: err, ...rest } = message
    assert.deepEqual(rest, {
      sessionId: "ses_c",
      messageId: "msg_1",
      role: "assistant",
      usage: { tokensIn: 1, tokensOut: 2, tokensReasoning: 3, tokensCacheRead: 40, cost: 0.5 },
    })
    const parsed = JSON.parse(err)
    assert.equal(parsed.name, "APIError")
    assert.equal(parsed.data.statusCode, 400)
    assert.equal(parsed.data.message.length, 4_000)
    assert.equal(parsed.data.responseBody, undefined)
  })

  test("the hot events' odd values cross as their WIT types allow", async () => {
    const { host, seen, hook } = fakeHost()
    host.interests.set("ses_c", { lifecycle: true, activity: true })
    const part = (p) => ev("message.part.updated", { sessionID: "ses_c", part: p })
    await hook(part({ id: 7, type: "tool", tool: 3, state: { status: "queued" } }))
    await hook(part({ type: "reasoning", text: "hm" }))
    await hook(part({ type: "text", text: 5, synthetic: "yes" }))
    await hook(ev("message.part.updated", { sessionID: "ses_c", part: null }))
    const info = {
      id: 1,
      role: "system",
      cost: "free",
      tokens: { input: "9", cache: "x" },
      error: { data: { statusCode: 7 } },
    }
    await hook(ev("message.updated", { sessionID: "ses_c", info }))
    await hook(ev("message.updated", { sessionID: "ses_c", info: { id: "m", role: "user" } }))
    assert.deepEqual(
      seen.map((e) => e.val.part ?? e.val),
      [
        { tag: "tool", val: { id: "", tool: undefined, status: "other", input: undefined } },
        { tag: "other" },
        { tag: "text", val: { text: "", synthetic: false } },
        { tag: "other" },
        {
          sessionId: "ses_c",
          messageId: "",
          role: "other",
          error: JSON.stringify({ data: { statusCode: 7 } }),
          usage: { tokensIn: 0, tokensOut: 0, tokensReasoning: 0, tokensCacheRead: 0, cost: 0 },
        },
        { sessionId: "ses_c", messageId: "m", role: "user", error: undefined, usage: undefined },
      ],
    )
  })

  test("older servers: the session id from info.id (session.*), info.sessionID, part.sessionID", async () => {
    const { host, seen, hook } = fakeHost()
    host.interests.set("ses_c", { lifecycle: true, activity: true })
    await hook(ev("session.deleted", { info: { id: "ses_c" } }))
    await hook(ev("message.updated", { info: { id: "msg_9", sessionID: "ses_c" } }))
    await hook(ev("message.part.updated", { part: { id: "prt_1", sessionID: "ses_c" } }))
    await hook(ev("message.updated", { info: { id: "ses_c" } })) // a message id is not a session id
    assert.deepEqual(
      seen.map((e) => [e.val.eventType ?? e.tag, e.val.sessionId]),
      [
        ["session.deleted", "ses_c"],
        ["message-updated", "ses_c"],
        ["part-updated", "ses_c"],
      ],
    )
  })

  test("never throws: odd events, a failing core", async () => {
    const { host, hook } = fakeHost()
    host.interests.set("ses_c", { lifecycle: true, activity: true })
    await hook(ev("session.status", undefined))
    await hook({ event: null })
    host.core.run = () => {
      throw new Error("boom")
    }
    await hook(ev("session.status", { sessionID: "ses_c", status: { type: "busy" } }))
    assert.ok(host.logs.some((l) => l.includes("boom")))
  })
})

describe("relay (real core)", () => {
  const started = []
  after(async () => {
    for (const s of started) await s.dispose()
  })

  test("a malformed event reaches the core only for a session it tracks", async () => {
    const s = await start()
    started.push(s)
    const { child } = await s.launch()
    const warnings = () => s.mock.rec.logs.filter((l) => l.level === "warn" && /malformed/.test(l.message))
    await s.event("session.status", { sessionID: "ses_untracked", status: 7 })
    await s.event("message.part.updated", { sessionID: "ses_A", part: [] }) // the parent: lifecycle only
    await sleep(10)
    assert.deepEqual(warnings(), [])
    await s.event("session.status", { sessionID: child, status: 7 })
    await waitFor(() => warnings().length === 1, { what: "the malformed-event warning" })
    assert.match(warnings()[0].message, /malformed `session.status` event/)
  })

  test("a tool part with a 1 MB output still counts once, with its tool", async () => {
    const s = await start()
    started.push(s)
    const { child } = await s.launch()
    const big = "y".repeat(1_000_000)
    const part = {
      sessionID: child,
      id: "prt_big",
      type: "tool",
      tool: "bash",
      state: { status: "completed", input: { command: "ls" }, output: big },
    }
    await s.event("message.part.updated", { sessionID: child, part })
    await s.event("message.part.updated", { sessionID: child, part })
    // (The row ends with: tool calls, tokens, cost.)
    await waitFor(async () => / \| 1 \| 0 \| - \|$/m.test((await s.tool("background_list", {})).output), {
      what: "1 tool call",
    })
  })
})
