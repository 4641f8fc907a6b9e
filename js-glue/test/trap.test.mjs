// Trap recovery. A poisoned clock (`Date.now` throwing inside the `now-ms` import) unwinds through
// the instance while the manager's state is borrowed: the instance is dead from then on (the next
// call traps for real, see the first test). The plugin must log it, answer the tool call with an
// error text, re-instantiate from the last snapshot and go on.
import { test } from "node:test"
import assert from "node:assert/strict"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { DIST, quietHost, start, waitFor } from "./support/mock.mjs"

const { compileCore } = await import(pathToFileURL(join(DIST, "core.js")).href)
const { instantiate } = await import(pathToFileURL(join(DIST, "core", "background_agent.js")).href)

function poisonClockOnce() {
  const real = Date.now
  Date.now = () => {
    Date.now = real
    throw new Error("poisoned clock")
  }
  return () => (Date.now = real)
}

test("the poisoned input really kills a raw instance (the next call traps)", async () => {
  const modules = await compileCore()
  let poisoned = false
  const host = quietHost({
    nowMs: () => {
      if (poisoned) {
        poisoned = false
        throw new Error("poisoned clock")
      }
      return Date.now()
    },
  })
  const root = instantiate((name) => modules.get(name), {
    "opencode:background-agent/host": host,
    "opencode:background-agent/types": {},
  })
  const m = root.manager.Manager.create("{}", undefined)
  assert.match(m.listText("ses_A", { offset: 0 }).output, /No background tasks/)
  poisoned = true
  assert.throws(() => m.onTimer(), /poisoned clock/)
  assert.throws(
    () => m.listText("ses_A", { offset: 0 }),
    (e) => e instanceof WebAssembly.RuntimeError,
  )
})

test("a trap in a tool call: error text, log + toast, core restarted from the snapshot, nothing else lost", async () => {
  const s = await start()
  try {
    const done = await s.launch({ description: "done before" })
    await s.finish(done.child, "Kept across the trap.")
    await waitFor(async () => /completed/.test((await s.tool("background_output", { task_id: done.taskId })).title))
    const running = await s.launch({ description: "still running" })
    await waitFor(() => s.mock.rec.toasts.some((t) => /completed/.test(t.title)))
    await new Promise((r) => setTimeout(r, 20)) // the snapshot debounce (0 ms) has run

    const restore = poisonClockOnce()
    let out
    try {
      out = await s.tool("background_task", { description: "hits the trap", prompt: "p", agent: "general" })
    } finally {
      restore()
    }
    assert.match(
      out.output,
      /^Error: the background-task core failed in launch \(poisoned clock\); it was restarted from its last snapshot: try again$/,
    )
    await waitFor(
      () => s.mock.rec.logs.some((l) => l.level === "error" && /restarted from its last snapshot/.test(l.message)),
      { what: "the log line" },
    )
    assert.ok(s.mock.rec.toasts.some((t) => t.variant === "error" && /restarted/.test(t.title)))

    // Everything the snapshot held is there; the restored core works and still hears events.
    assert.match((await s.tool("background_output", { task_id: done.taskId })).output, /Kept across the trap\./)
    const list = (await s.tool("background_list", {})).output
    assert.ok(list.includes(done.taskId) && list.includes(running.taskId), list)
    assert.doesNotMatch(list, /hits the trap/)
    await s.finish(running.child, "Finished after the trap.")
    await waitFor(
      async () =>
        /Finished after the trap/.test((await s.tool("background_output", { task_id: running.taskId })).output),
      { what: "the running task to complete" },
    )
    const next = await s.launch({ description: "after" })
    assert.ok(next.taskId)
  } finally {
    await s.dispose()
  }
})

test("a trap inside an event or a timer is recovered the same way (no caller to answer)", async () => {
  const s = await start()
  try {
    const { taskId, child } = await s.launch()
    await new Promise((r) => setTimeout(r, 20))
    const restore = poisonClockOnce()
    try {
      await s.event("session.status", { sessionID: child, status: { type: "busy" } })
    } finally {
      restore()
    }
    await waitFor(() =>
      s.mock.rec.logs.some((l) => /failed in handle-event \(poisoned clock\).*restarted/.test(l.message)),
    )
    await s.finish(child, "Done anyway.")
    await waitFor(async () => /Done anyway/.test((await s.tool("background_output", { task_id: taskId })).output), {
      what: "completion after recovery",
    })
  } finally {
    await s.dispose()
  }
})

const { Core } = await import(pathToFileURL(join(DIST, "core.js")).href)
const { TrapBudget } = await import(pathToFileURL(join(DIST, "traps.js")).href)

test("the trap budget: restart at once, then wait longer each time, then stop; a quiet window forgets", () => {
  const budget = new TrapBudget(5, 60_000)
  const kinds = [0, 1, 2, 3, 4].map((i) => budget.record(i * 10))
  assert.deepEqual(kinds, [
    { kind: "restart" },
    { kind: "wait", ms: 1_000 },
    { kind: "wait", ms: 2_000 },
    { kind: "wait", ms: 4_000 },
    { kind: "stop" },
  ])
  assert.deepEqual(budget.record(200_000), { kind: "restart" }, "the traps of long ago no longer count")
})

test("a core that keeps trapping is restarted with a wait, then stopped with a clear error, never in a loop", async () => {
  let poisoned = false // every call traps
  let poisonNext = false // the next call traps (not the restart after it)
  let now = 1_000_000
  const trapped = []
  const host = quietHost({
    nowMs: () => {
      if (poisoned || poisonNext) {
        poisonNext = false
        throw new Error("poisoned clock")
      }
      return now
    },
  })
  const events = { reset() {}, trapped: (m) => trapped.push(m) }
  const core = new Core(await compileCore(), host, events, new TrapBudget(3, 60_000), () => now)
  try {
    assert.ok(core.boot("{}", undefined).ok)
    const list = () => core.run("list-text", (m) => m.listText("ses_A", { offset: 0 }))
    poisonNext = true
    assert.match(list().error, /restarted from its last snapshot/, "the first trap restarts at once")
    poisonNext = true
    assert.match(list().error, /trapped again soon: it restarts in 1 s/)
    const generation = core.generation
    for (let i = 0; i < 100; i++) assert.match(list().error, /is restarting \(in 1 s\)/)
    assert.equal(core.generation, generation, "no instance is made while it waits")
    now += 1_000
    assert.match(list().value.output, /No background tasks/, "restarted when the wait is over")
    poisonNext = true
    assert.match(list().error, /stopped after 3 failures within 60 s .*poisoned clock.*restart OpenCode/)
    const stoppedAt = core.generation
    now += 120_000
    for (let i = 0; i < 100; i++) assert.match(list().error, /stopped after 3 failures/)
    assert.equal(core.generation, stoppedAt, "stopped: no instance is made any more")
    assert.ok(trapped.at(-1).includes("stopped after 3 failures"), trapped.at(-1))
    // A core whose restart traps too (its snapshot, say) counts each failed restart as a trap.
    const again = new Core(await compileCore(), host, events, new TrapBudget(3, 60_000), () => now)
    assert.ok(again.boot("{}", undefined).ok)
    poisoned = true
    assert.match(again.run("list-text", (m) => m.listText("ses_A", { offset: 0 })).error, /restarts in 1 s/)
    now += 1_000
    assert.match(again.run("list-text", (m) => m.listText("ses_A", { offset: 0 })).error, /stopped after 3 failures/)
    again.close()
  } finally {
    core.close()
  }
})
