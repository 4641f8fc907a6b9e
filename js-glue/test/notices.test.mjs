// Parent notices through promptAsync (noReply), injection through chat.message, compaction text.
import { after, test } from "node:test"
import assert from "node:assert/strict"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { DIST, FAST, start, tempProject, waitFor, startDisposedAfter } from "./support/mock.mjs"

const { chatMessage, partIdBefore } = await import(pathToFileURL(join(DIST, "hooks.js")).href)
const run = startDisposedAfter(after)
const noticesTo = (s, session) => s.mock.rec.prompts.filter((p) => p.sessionID === session)

test("a task finishing while a sibling runs is a silent notice (noReply); the last one wakes the parent", async () => {
  const s = await run()
  const a = await s.launch({ description: "first" })
  const b = await s.launch({ description: "second" })
  await s.finish(a.child, "first result")
  const [silent] = await waitFor(() => noticesTo(s, "ses_A").length === 1 && noticesTo(s, "ses_A"), {
    what: "first notice",
  })
  assert.equal(silent.body.noReply, true)
  assert.equal(silent.body.agent, "build", "the parent agent from the launching tool call")
  assert.match(silent.body.parts[0].text, new RegExp(`BACKGROUND TASK COMPLETED\\]\\nTask: ${a.taskId}`))
  await s.finish(b.child, "second result")
  const last = await waitFor(() => noticesTo(s, "ses_A")[1], { what: "final notice" })
  assert.equal(last.body.noReply, false)
  assert.match(last.body.parts[0].text, /^\[ALL BACKGROUND TASKS COMPLETE\]/)
  assert.ok(last.body.parts[0].text.includes(a.taskId) && last.body.parts[0].text.includes(b.taskId))
})

test("chat.message prepends queued notices as a synthetic part that sorts first", async () => {
  const s = await run({ dir: tempProject({ config: { ...FAST, notifyParent: false } }) })
  const { taskId, child } = await s.launch()
  await s.finish(child, "result")
  // (Polled with background_list: reading the result with background_output would deliver it.)
  await waitFor(async () => /1\/1 done/.test((await s.tool("background_list", {})).output))
  const userPart = {
    id: "prt_0190a3b4c5d6Abcdefghijklmn",
    sessionID: "ses_A",
    messageID: "msg_u1",
    type: "text",
    text: "hello",
  }
  const output = { message: { id: "msg_u1", sessionID: "ses_A", role: "user" }, parts: [userPart] }
  await s.hooks["chat.message"]({ sessionID: "ses_A", agent: "build" }, output)
  assert.equal(output.parts.length, 2)
  const [injected, original] = output.parts
  assert.equal(original, userPart)
  assert.equal(injected.type, "text")
  assert.equal(injected.synthetic, true)
  assert.equal(injected.sessionID, "ses_A")
  assert.equal(injected.messageID, "msg_u1")
  assert.match(injected.id, /^prt_[0-9a-f]{12}[0-9A-Za-z]{14}$/)
  assert.ok(injected.id < userPart.id, "sorts before the user's part")
  assert.match(injected.text, new RegExp(taskId))
  assert.equal(noticesTo(s, "ses_A").length, 0, "notifyParent=false: nothing prompted")
  // Taken once: the next message gets nothing.
  const next = { message: { id: "msg_u2" }, parts: [] }
  await s.hooks["chat.message"]({ sessionID: "ses_A" }, next)
  assert.deepEqual(next.parts, [])
  // Other sessions get nothing.
  const other = { message: { id: "msg_u3" }, parts: [] }
  await s.hooks["chat.message"]({ sessionID: "ses_B" }, other)
  assert.deepEqual(other.parts, [])
})

test("a notice whose prompt fails is injected into the next user message instead", async () => {
  const s = await run()
  s.mock.fail("promptAsync", { status: 500, name: "UnknownError", message: "busy" }, 1, "ses_A")
  const { taskId, child } = await s.launch()
  await s.finish(child)
  await waitFor(() => noticesTo(s, "ses_A").length === 1, { what: "the failed notice prompt" })
  await waitFor(() => s.mock.rec.logs.some((l) => /retrying/.test(l.message)), { what: "the retry log" })
  const output = { message: { id: "msg_u1" }, parts: [] }
  await waitFor(
    async () => {
      await s.hooks["chat.message"]({ sessionID: "ses_A" }, output)
      return output.parts.length === 1
    },
    { what: "injection" },
  )
  assert.match(output.parts[0].text, new RegExp(taskId))
  assert.match(output.parts[0].id, /^prt_/)
})

test("no injection into a message the plugin itself is sending (unit, fake host)", async () => {
  let asked = 0
  const host = {
    prompting: new Map([["ses_A", 1]]),
    core: { run: () => (asked++, { ok: true, value: "NOTICE" }) },
    log() {},
  }
  const hook = chatMessage(host)
  const mine = { message: { id: "msg_1" }, parts: [] }
  await hook({ sessionID: "ses_A" }, mine)
  assert.deepEqual(mine.parts, [])
  assert.equal(asked, 0, "the core is not even asked")
  const theirs = { message: { id: "msg_2" }, parts: [] }
  await hook({ sessionID: "ses_B" }, theirs)
  assert.equal(theirs.parts[0].text, "NOTICE")
})

test("compaction: the core's summary of this session's tasks is added to the context", async () => {
  const s = await run()
  const { taskId } = await s.launch({ description: "audit deps" })
  const output = { context: [] }
  await s.hooks["experimental.session.compacting"]({ sessionID: "ses_A" }, output)
  assert.equal(output.context.length, 1)
  assert.match(output.context[0], new RegExp(`${taskId} "audit deps"`))
  const none = { context: [] }
  await s.hooks["experimental.session.compacting"]({ sessionID: "ses_B" }, none)
  assert.deepEqual(none.context, [])
})

test("part ids: before the first existing part, or a fresh time-based one", () => {
  const a = partIdBefore([{ id: "prt_0190a3b4c5d7x" }, { id: "prt_0190a3b4c5d6y" }, { id: "msg_x" }])
  assert.equal(a.slice(0, 16), "prt_0190a3b4c5d5")
  const fresh = partIdBefore([])
  const time = Number(BigInt(`0x${fresh.slice(4, 16)}`) / 4096n)
  assert.ok(Math.abs(time - (Date.now() % 2 ** 36)) < 5000 || Math.abs(time - Date.now()) < 5000, fresh)
})
