// One owner per task when several OpenCode processes share a project (issue 11, item 2), end to end:
// two real `opencode serve` processes on ONE project directory and one OpenCode database (two
// terminals on a project), each launching background tasks from its own parent session; then one
// is killed outright (SIGKILL) with a task running and one queued, and a third server started on
// the project adopts them, not the surviving second one (adoption happens at start only). Each
// scenario asserts on OpenCode's HTTP API, each server's own /event stream (a notice is a prompt:
// the server that sent it publishes its events), the plugin's files and logs, and the mock's log.
//
//   tests/e2e/install-opencode && node --test tests/e2e/owners.test.mjs
//   E2E_KEEP=1 ...         keep the temp dir (logs of each server, DB, project, plugin files)
import { after, before, describe, test } from "node:test"
import assert from "node:assert/strict"
import { resultBlock } from "./harness.mjs"
import { diagnosedTest, instanceFiles, launch, notices, outputs, pluginLog, startAgentStack } from "./agent.mjs"

/** The notices now are those seen when the batch closed: nothing came after it. */
function nothingAfter(now, atClose, what) {
  assert.deepEqual(
    now.map((n) => n.index),
    atClose.map((n) => n.index),
    `no notice after ${what}`,
  )
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
let current // the stack whose logs a failure shows
const e2eTest = diagnosedTest(test, () => current)

const CONTINUED = "continued by the third server"

// ---- helpers ---------------------------------------------------------------------------------------

/**
 * Waits until the parent has a closing notice ([ALL BACKGROUND TASKS …]) naming every id of `ids`
 * and the turn it started has ended; resolves the parent's notices.
 */
async function waitClosed(s, parentID, ids, { timeoutMs = 30000 } = {}) {
  const list = await s.waitFor(
    async () => {
      const messages = await s.messages(parentID)
      const all = notices(messages)
      const closing = all.filter((n) => /^ALL BACKGROUND TASKS/.test(n.kind) || /\n\[ALL BACKGROUND/.test(n.text))
      const done = ids.every((id) => closing.some((n) => n.text.includes(id)))
      const last = all.at(-1)
      const reply = last && messages[last.index + 1]
      return done && reply?.info.role === "assistant" && reply.info.time.completed ? all : null
    },
    { timeoutMs, intervalMs: 200, message: `closing notices naming ${ids.join(", ")} in ${parentID}` },
  )
  await s.waitIdle(parentID, { timeoutMs: 10000 })
  return list
}

/** How often each id is announced in these notices: as its own block (`Task: <id> `) or a closing line (`- <id> `). */
function announcements(list, id) {
  return {
    own: list.filter((n) => n.text.includes(`Task: ${id} `)).length,
    closing: list.filter((n) => n.text.includes(`- ${id} `)).length,
  }
}

/** Whether this server published the message `messageID` (its own /event stream). */
const published = (s, messageID) => s.eventsOf("message.updated").some((e) => e.properties.info?.id === messageID)

/** The plugin instance of a server: its files, found by the pid in its lease. */
function instanceOf(s, pid = s.server.pid) {
  const mine = instanceFiles(s).filter((f) => f.lease?.pid === pid)
  assert.equal(mine.length, 1, `one plugin instance in process ${pid}: ${JSON.stringify(instanceFiles(s))}`)
  return mine[0]
}

/** Mock requests answering one of this plugin's notices that names `id`. */
const noticeCallsFor = (s, id) =>
  s
    .mockLog()
    .filter(
      (r) =>
        r.kind === "chat" && /^\[(BACKGROUND TASK|ALL BACKGROUND)/.test(r.lastUser ?? "") && r.lastUser.includes(id),
    )

/** Waits until OpenCode reports the session busy. */
function waitBusy(s, sessionID, timeoutMs = 10000) {
  return s.waitFor(async () => (await s.api("GET", "/session/status"))?.[sessionID]?.type === "busy", {
    timeoutMs,
    message: `session ${sessionID} busy`,
  })
}

// ---- the scenarios ---------------------------------------------------------------------------------

describe("two OpenCode servers on one project, then a crash and a third server", { timeout: 240000 }, () => {
  let a, b, c
  /** Scenario 1's parent on a and how many notices it had: nothing is announced again after a's crash. */
  let first
  before(
    async () => {
      const MOCK_REPLIES = JSON.stringify([
        { match: "^Your run was interrupted because OpenCode restarted", script: `text="${CONTINUED}"` },
      ])
      // One task at a time per server: a second launch waits in the queue.
      a = current = await startAgentStack({
        pluginOptions: { minRuntimeMs: 300, defaultConcurrency: 1 },
        mockEnv: { MOCK_REPLIES },
      })
      b = await a.startPeer("b")
    },
    { timeout: 600000 }, // the first call may build the component and pack the plugin
  )
  after(async () => {
    await a?.stop() // stops its peers too
  })

  e2eTest(
    "1. each server announces its own tasks, once, to its own parent; neither reads nor writes the other's files",
    { timeout: 90000 },
    async () => {
      const [pa, pb] = [
        await a.createSession({ title: "parent on a" }),
        await b.createSession({ title: "parent on b" }),
      ]
      const [tasksA, tasksB] = await Promise.all([
        launch(a, pa.id, [
          { description: "a one", prompt: 'mock: text="a one: done"' },
          { description: "a two", prompt: 'mock: text="a two: done"' },
        ]),
        launch(b, pb.id, [
          { description: "b one", prompt: 'mock: text="b one: done"' },
          { description: "b two", prompt: 'mock: text="b two: done"' },
        ]),
      ])
      const idsA = tasksA.map((t) => t.id)
      const idsB = tasksB.map((t) => t.id)
      const [listA, listB] = await Promise.all([waitClosed(a, pa.id, idsA), waitClosed(b, pb.id, idsB)])
      await sleep(1500) // anything sent twice, or late, would show by now
      const [finalA, finalB] = [notices(await a.messages(pa.id)), notices(await b.messages(pb.id))]
      first = { parentID: pa.id, notices: finalA.length, ids: idsA }
      nothingAfter(finalA, listA, "the batch closed (a)")
      nothingAfter(finalB, listB, "the batch closed (b)")

      for (const [ids, own, other] of [
        [idsA, finalA, finalB],
        [idsB, finalB, finalA],
      ]) {
        for (const id of ids) {
          const n = announcements(own, id)
          assert.ok(n.own <= 1 && n.closing === 1, `${id} announced once in its parent: ${JSON.stringify(n)}`)
          assert.ok(!other.some((x) => x.text.includes(id)), `${id} never in the other parent`)
          assert.equal(noticeCallsFor(a, id).length, 1, `one model call for ${id}'s closing notice`)
        }
      }
      // By its own process: each notice's message is on its server's /event stream only.
      for (const n of finalA) assert.ok(published(a, n.info.id) && !published(b, n.info.id), `a's notice: ${n.text}`)
      for (const n of finalB) assert.ok(published(b, n.info.id) && !published(a, n.info.id), `b's notice: ${n.text}`)

      // Two instances, one per process, each with its own lease and state file holding only its tasks.
      const [ia, ib] = [instanceOf(a), instanceOf(b)]
      assert.notEqual(ia.id, ib.id)
      const has = (i, id) => (i.state?.tasks ?? []).some((t) => t.id === id)
      assert.ok(
        idsA.every((id) => has(ia, id) && !has(ib, id)),
        "a's tasks are in a's file only",
      )
      assert.ok(
        idsB.every((id) => has(ib, id) && !has(ia, id)),
        "b's tasks are in b's file only",
      )
      for (const i of [ia, ib]) assert.ok(!i.lease.released && !i.lease.takenBy, JSON.stringify(i.lease))
      for (const s of [a, b])
        assert.deepEqual(
          pluginLog(s).filter((l) => /adopted |the lease /.test(l)),
          [],
          "nothing adopted, no lease lost",
        )
    },
  )

  e2eTest(
    "2. a server killed (SIGKILL) with a task running and one queued: a third server adopts both, the live second does not; each finishes and its parent is told once, by the third",
    { timeout: 120000 },
    async () => {
      const [pa, pb] = [
        await a.createSession({ title: "parent 2 on a" }),
        await b.createSession({ title: "parent 2 on b" }),
      ]
      const slowPrompt = 'mock: delay=60000 text="a slow: never sent"'
      const [slow, queued] = await launch(a, pa.id, [
        { description: "a slow", prompt: slowPrompt },
        { description: "a queued", prompt: 'mock: text="a queued: done on the third server"' },
      ])
      // b's task is still running when a dies, and ends after the third server started.
      const [bTask] = await launch(b, pb.id, [
        { description: "b meanwhile", prompt: 'mock: delay=6000 text="b: done"' },
      ])
      const kids = await a.waitFor(
        async () => {
          const k = (await a.api("GET", "/session")).filter((x) => x.parentID === pa.id)
          return k.length === 1 ? k : null
        },
        { message: "a's one child session (the other task is queued)" },
      )
      const slowChild = kids[0]
      await waitBusy(a, slowChild.id)
      const ia = instanceOf(a)
      await a.waitFor(
        () => {
          const tasks = new Map((instanceOf(a).state?.tasks ?? []).map((t) => [t.id, t]))
          return tasks.get(slow.id)?.status === "running" && tasks.get(queued.id)?.status === "pending"
        },
        { timeoutMs: 5000, message: "a's state file: one task running, one queued" },
      )

      const deadPid = a.server.pid
      await a.killServer()
      // What the crash left: a's state file, and its lease naming a dead process, never released.
      const left = instanceOf(a, deadPid)
      assert.equal(left.id, ia.id)
      assert.ok(left.state && !left.lease.released, JSON.stringify(left.lease))

      // The second server lives on: it never adopts (only a server starting does).
      await sleep(1000)
      assert.deepEqual(
        pluginLog(b).filter((l) => /adopted /.test(l)),
        [],
      )

      c = await a.startPeer("c")
      current = c
      // a's file holds scenario 1's two announced tasks too: four in all.
      await c.waitFor(() => pluginLog(c).some((l) => /adopted 4 task\(s\) from .*\.state\.json/.test(l)), {
        timeoutMs: 10000,
        message: "the third server to adopt a's file",
      })
      const { list } = await c.waitFor(
        async () => {
          const messages = await c.messages(pa.id)
          const all = notices(messages)
          const last = all.at(-1)
          const reply = last && messages[last.index + 1]
          const closed = all.some(
            (n) => /^ALL BACKGROUND TASKS/.test(n.kind) && n.text.includes(slow.id) && n.text.includes(queued.id),
          )
          return closed && reply?.info.role === "assistant" && reply.info.time.completed ? { list: all } : null
        },
        { timeoutMs: 40000, intervalMs: 200, message: "the closing notice of a's batch, answered" },
      )
      const listB = await waitClosed(b, pb.id, [bTask.id])
      await sleep(1500)

      // a's tasks: announced once, in their parent, by the third server; b's: once, by b.
      const finalA = notices(await c.messages(pa.id))
      const finalB = notices(await b.messages(pb.id))
      nothingAfter(finalA, list, "a's batch closed")
      nothingAfter(finalB, listB, "b's batch closed")
      for (const id of [slow.id, queued.id]) {
        const n = announcements(finalA, id)
        assert.ok(n.own <= 1 && n.closing === 1, `${id} announced once: ${JSON.stringify(n)}`)
        assert.ok(!finalB.some((x) => x.text.includes(id)), `${id} never in b's parent`)
        assert.equal(noticeCallsFor(c, id).length, 1, `one model call for ${id}'s closing notice`)
      }
      assert.deepEqual(announcements(finalB, bTask.id).closing, 1)
      // Scenario 1's tasks, adopted with the rest, are not announced again.
      assert.equal(
        notices(await c.messages(first.parentID)).length,
        first.notices,
        "scenario 1's parent: no new notice",
      )
      for (const id of first.ids) assert.equal(noticeCallsFor(c, id).length, 1, `${id}: still one notice call`)
      assert.ok(!finalA.some((x) => x.text.includes(bTask.id)))
      for (const n of finalA) assert.ok(published(c, n.info.id) && !published(b, n.info.id), `told by c: ${n.text}`)
      for (const n of finalB) assert.ok(published(b, n.info.id) && !published(c, n.info.id), `told by b: ${n.text}`)

      // The running task was continued (once) in its own child session, the queued one started by c.
      const prompts = (await c.messages(slowChild.id))
        .filter((m) => m.info.role === "user")
        .map((m) => m.parts[0]?.text)
      assert.deepEqual(prompts.length, 2, `the slow child's prompts: ${JSON.stringify(prompts)}`)
      assert.match(prompts[1], /^Your run was interrupted because OpenCode restarted/)
      const [slowOut, queuedOut] = await outputs(c, pa.id, [slow.id, queued.id])
      assert.ok(slowOut.endsWith(resultBlock(CONTINUED)), slowOut)
      assert.ok(queuedOut.endsWith(resultBlock("a queued: done on the third server")), queuedOut)
      // b knows nothing of a's tasks.
      const [bOut] = await outputs(b, pa.id, [slow.id])
      assert.match(bOut, new RegExp(`^Error: No background task with id \`${slow.id}\``))

      // Files: a's state file and lease are gone; b's and c's are their own, each holding its own tasks.
      const ib = instanceOf(b)
      const ic = instanceOf(c)
      assert.ok(!instanceFiles(c).some((f) => f.id === ia.id), "a's files are gone")
      const ids = (i) => new Set((i.state?.tasks ?? []).map((t) => t.id))
      assert.ok([slow.id, queued.id, ...first.ids].every((id) => ids(ic).has(id)) && !ids(ic).has(bTask.id))
      assert.ok(!ids(ib).has(slow.id) && !ids(ib).has(queued.id) && ids(ib).has(bTask.id))
      assert.ok(!ib.lease.takenBy && !ic.lease.takenBy)
      assert.deepEqual(
        pluginLog(b).filter((l) => /adopted |the lease /.test(l)),
        [],
        "b adopted nothing and kept its lease",
      )
      assert.deepEqual(
        pluginLog(c).filter((l) => /adopted \d+ task\(s\) from /.test(l)).length,
        1,
        "c adopted one file",
      )
    },
  )
})
