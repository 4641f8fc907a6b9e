// Smoke test of the end-to-end infrastructure: a real `opencode serve` + the mock model + a tiny
// local plugin. Run: tests/e2e/install-opencode && node --test tests/e2e/
import { after, before, describe, test } from "node:test"
import assert from "node:assert/strict"
import fs from "node:fs"
import path from "node:path"
import { startStack } from "./harness.mjs"
import { decide, parseScript } from "./mock-model.mjs"

// A local plugin, written into the temp project's .opencode/plugins/: one tool that returns its
// argument, and an event hook that appends every event it sees to $E2E_LOG_DIR/plugin-events.jsonl.
// Importing @opencode-ai/plugin also proves the seeded config dir resolves.
const PLUGIN = `
import fs from "node:fs";
import path from "node:path";
import { tool } from "@opencode-ai/plugin";

export const E2ESmokePlugin = async ({ directory, worktree }) => {
  const out = path.join(process.env.E2E_LOG_DIR, "plugin-events.jsonl");
  const record = (obj) => { try { fs.appendFileSync(out, JSON.stringify(obj) + "\\n"); } catch {} };
  record({ type: "e2e.plugin.init", properties: { directory, worktree } });
  return {
    tool: {
      e2e_echo: tool({
        description: "Returns the given text unchanged (end-to-end smoke test tool).",
        args: { text: tool.schema.string().describe("the text to return") },
        async execute(args) {
          return args.text;
        },
      }),
    },
    event: async ({ event }) => {
      record({ type: event.type, properties: event.properties });
    },
  };
};
`

const PROMPT_TIMEOUT = { timeoutMs: 30000 }

let stack

/** test() whose failures carry the stack's log tails. */
function e2eTest(name, opts, fn) {
  return test(name, opts, async (t) => {
    try {
      await fn(t)
    } catch (e) {
      if (stack && e && typeof e === "object") e.message = `${e.message}\n${stack.diagnostics()}`
      throw e
    }
  })
}

describe("mock model directives (no server)", () => {
  test("parses steps, quoted text and JSON arguments with spaces and semicolons", () => {
    const steps = parseScript('tool=a args={"t": "x; y"} ; text="two words" delay=5 ; hang')
    assert.deepEqual(steps, [
      [
        { key: "tool", value: "a" },
        { key: "args", value: '{"t": "x; y"}' },
      ],
      [
        { key: "text", value: "two words" },
        { key: "delay", value: "5" },
      ],
      [{ key: "hang", value: true }],
    ])
  })

  test("picks the step by assistant turns after the last user message", () => {
    const tools = [{ type: "function", function: { name: "a" } }]
    const user = { role: "user", content: 'go mock: tool=a args={"n":1}' }
    const first = decide({ tools, messages: [user] })
    assert.equal(first.plan.tools[0].name, "a")
    assert.equal(first.plan.tools[0].args, '{"n":1}')
    const second = decide({
      tools,
      messages: [user, { role: "assistant", content: null }, { role: "tool", content: "R" }],
    })
    assert.equal(second.plan.text, "done: R")
    const title = decide({ messages: [{ role: "system", content: "You are a title generator" }, user] })
    assert.equal(title.kind, "title")
    assert.equal(decide({ messages: [{ role: "user", content: "hi  there" }] }).plan.text, "echo: hi there")
  })
})

describe("opencode e2e smoke", { timeout: 120000 }, () => {
  let sessionA // from test (a)

  before(
    async () => {
      stack = await startStack({ files: { ".opencode/plugins/e2e-smoke.js": PLUGIN } })
    },
    { timeout: 90000 },
  )

  after(async () => {
    await stack?.stop()
  })

  e2eTest("(a) a plain-text directive comes back as the assistant message", { timeout: 45000 }, async () => {
    sessionA = await stack.createSession({ title: "smoke a" })
    assert.match(sessionA.id, /^ses_/)
    const res = await stack.prompt(sessionA.id, 'mock: text="hello from the mock"', {}, PROMPT_TIMEOUT)
    assert.equal(res.info.role, "assistant")
    assert.equal(res.info.error, undefined, JSON.stringify(res.info.error))
    const texts = res.parts.filter((p) => p.type === "text").map((p) => p.text)
    assert.deepEqual(texts, ["hello from the mock"])

    const req = stack.mockLog().find((r) => r.kind === "chat" && r.lastUser.includes("hello from the mock"))
    assert.ok(req, "the mock saw the prompt")
    assert.ok(req.tools.includes("e2e_echo"), `plugin tool offered to the model (got ${req.tools})`)
  })

  e2eTest("(b) a tool directive runs the plugin tool, then the final text", { timeout: 45000 }, async () => {
    const session = await stack.createSession({ title: "smoke b" })
    const res = await stack.prompt(session.id, 'mock: tool=e2e_echo args={"text":"ping 42"}', {}, PROMPT_TIMEOUT)
    assert.equal(res.info.error, undefined, JSON.stringify(res.info.error))

    const messages = await stack.messages(session.id)
    const parts = messages.filter((m) => m.info.role === "assistant").flatMap((m) => m.parts)
    const toolPart = parts.find((p) => p.type === "tool" && p.tool === "e2e_echo")
    assert.ok(toolPart, `a tool part for e2e_echo (parts: ${parts.map((p) => p.type).join(",")})`)
    assert.equal(toolPart.state.status, "completed")
    assert.deepEqual(toolPart.state.input, { text: "ping 42" })
    assert.equal(toolPart.state.output, "ping 42")

    const lastText = parts.filter((p) => p.type === "text").at(-1)
    assert.equal(lastText?.text, "done: ping 42")

    const reqs = stack.mockLog().filter((r) => r.kind === "chat" && r.lastUser.includes("ping 42"))
    assert.deepEqual(
      reqs.map((r) => [r.step, r.answer.type]),
      [
        [0, "tool_calls"],
        [1, "text"],
      ],
    )
    assert.equal(reqs[1].lastRole, "tool")
  })

  e2eTest("(c) status=400 gives an assistant message with an APIError", { timeout: 45000 }, async () => {
    const session = await stack.createSession({ title: "smoke c" })
    const r = await stack.request(
      "POST",
      `/session/${session.id}/message`,
      { parts: [{ type: "text", text: 'mock: status=400 message="mock says no"' }] },
      PROMPT_TIMEOUT,
    )
    assert.ok(r.status < 500, `prompt answered HTTP ${r.status}`)
    await stack.waitIdle(session.id, { timeoutMs: 15000 })

    const messages = await stack.messages(session.id)
    const assistant = messages.filter((m) => m.info.role === "assistant").at(-1)
    assert.ok(assistant, "an assistant message exists")
    assert.equal(assistant.info.error?.name, "APIError", JSON.stringify(assistant.info.error))
    assert.equal(assistant.info.error.data.statusCode, 400)
    assert.match(assistant.info.error.data.message, /mock says no/)

    const ev = await stack.waitFor(() => stack.eventsOf("session.error", session.id)[0], {
      timeoutMs: 5000,
      message: "session.error on /event",
    })
    assert.equal(ev.properties.error.name, "APIError")
  })

  e2eTest("(d) the plugin event hook saw busy and idle for the session of (a)", { timeout: 20000 }, async () => {
    assert.ok(sessionA, "test (a) ran")
    const file = path.join(stack.logDir, "plugin-events.jsonl")
    const seen = await stack.waitFor(
      () => {
        const events = fs
          .readFileSync(file, "utf8")
          .split("\n")
          .filter(Boolean)
          .map((l) => JSON.parse(l))
        const mine = events
          .filter((e) => e.type === "session.status" && e.properties.sessionID === sessionA.id)
          .map((e) => e.properties.status.type)
        return mine.includes("busy") && mine.includes("idle") ? { events, mine } : null
      },
      { timeoutMs: 10000, message: "busy and idle in the plugin event log" },
    )
    assert.ok(seen.mine.indexOf("busy") < seen.mine.lastIndexOf("idle"), `busy before idle: ${seen.mine}`)
    const init = seen.events.find((e) => e.type === "e2e.plugin.init")
    assert.equal(init.properties.directory, stack.directory)
    // The same transitions were published on the server's /event stream.
    const sse = stack.eventsOf("session.status", sessionA.id).map((e) => e.properties.status.type)
    assert.ok(sse.includes("busy") && sse.includes("idle"), `SSE saw ${sse}`)
  })

  test("stop() kills both processes and removes the temp dir", { timeout: 20000 }, async () => {
    const pids = [stack.server.pid, stack.mock.pid]
    await stack.stop()
    for (const pid of pids) {
      assert.throws(() => process.kill(pid, 0), { code: "ESRCH" }, `pid ${pid} is gone`)
    }
    if (process.env.E2E_KEEP !== "1") assert.equal(fs.existsSync(stack.root), false)
  })
})
