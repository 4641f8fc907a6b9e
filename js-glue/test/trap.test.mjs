// Trap recovery. A poisoned clock (`Date.now` throwing inside the `now-ms` import) unwinds through
// the instance while the manager's state is borrowed: the instance is dead from then on (the next
// call traps for real, see the first test). The plugin must log it, answer the tool call with an
// error text, re-instantiate from the last snapshot and go on.
import { test } from "node:test"
import assert from "node:assert/strict"
import { join } from "node:path"
import { pathToFileURL } from "node:url"
import { DIST, start, waitFor } from "./support/mock.mjs"

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
  const host = {
    nowMs: () => {
      if (poisoned) {
        poisoned = false
        throw new Error("poisoned clock")
      }
      return BigInt(Date.now())
    },
    randomBytes: (n) => new Uint8Array(n),
    call() {},
    setTimer() {},
    setInterest() {},
    taskSettled() {},
    persist() {},
    showToast() {},
    log() {},
  }
  const root = instantiate((name) => modules.get(name), {
    "opencode:background-agent/host": host,
    "opencode:background-agent/types": {},
  })
  const m = root.manager.Manager.create("{}", undefined)
  assert.match(m.listText("ses_A").output, /No background tasks/)
  poisoned = true
  assert.throws(() => m.onTimer(), /poisoned clock/)
  assert.throws(
    () => m.listText("ses_A"),
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
