// Snapshot build time, on the core alone: a raw manager (the component as js-glue/dist loads it)
// on a virtual clock, N running tasks launched and their SDK calls answered at once; then, per
// round, one change and the persist deadline, whose `on-timer` call builds the snapshot and hands
// it to the host's `persist`. Reported per 1,000 tasks.
import { AGENTS, quietHost } from "../../js-glue/test/support/mock.mjs"
import { PER_PARENT_SPREAD, PROMPT, SCALE_CONFIG } from "./scale.mjs"
import { fail, median } from "./timing.mjs"

const DIST = new URL("../../js-glue/dist/", import.meta.url)

/** The replies a quiet OpenCode gives to the core's SDK calls. */
function replyTo(request, created) {
  switch (request.tag) {
    case "get-session":
      return { id: request.val, title: "parent", time: { created: 1, updated: 1 } }
    case "create-session":
      return { id: `ses_snap${created()}`, parentID: request.val.parentId, title: request.val.title }
    case "list-agents":
      return AGENTS.map(({ name, mode, permission }) => ({ name, mode, permission }))
    case "session-messages":
      return []
    case "session-status":
      return {}
    default:
      return true
  }
}

/** A raw manager on a virtual clock whose SDK calls are answered by `drain()`. */
async function rawManager(config) {
  const { compileCore } = await import(new URL("core.js", DIST).href)
  const { instantiate } = await import(new URL("core/background_agent.js", DIST).href)
  const modules = await compileCore()
  const clock = { now: Date.now() }
  const pending = []
  let snapshot
  const host = quietHost({
    nowMs: () => clock.now,
    // Task ids are drawn from these bytes: zeros (the quiet default) would make every id collide.
    randomBytes: (len) => globalThis.crypto.getRandomValues(new Uint8Array(len)),
    call: (id, request) => pending.push({ id, request }),
    persist: (text) => (snapshot = text),
  })
  const root = instantiate((name) => modules.get(name), {
    "opencode:background-agent/host": host,
    "opencode:background-agent/types": {},
  })
  const m = root.manager.Manager.create(JSON.stringify(config), undefined)
  let sessions = 0
  return {
    m,
    clock,
    snapshot: () => snapshot,
    /** Answers every SDK call made so far, and those the answers make. */
    drain() {
      while (pending.length) {
        const { id, request } = pending.shift()
        m.complete(id, { tag: "ok", val: JSON.stringify(replyTo(request, () => sessions++)) })
      }
    },
  }
}

/** ms to build (and hand over) the snapshot of `n` running tasks, median of `rounds`. */
async function buildTime(n, rounds) {
  const core = await rawManager({ ...SCALE_CONFIG, persistDebounceMs: 250 })
  const launch = (i) => {
    core.m.launch({
      parentSessionId: `ses_p${Math.floor(i / PER_PARENT_SPREAD)}`,
      parentMessageId: `msg_${i}`,
      parentAgent: "build",
      description: `task ${i}`,
      prompt: PROMPT,
      agent: "general",
      fallback: [],
    })
    core.drain()
  }
  for (let i = 0; i < n; i++) launch(i)
  const times = []
  for (let r = 0; r < rounds; r++) {
    launch(n + r) // a change: the next persist deadline writes a snapshot
    core.clock.now += 300
    const before = core.snapshot()
    const t0 = performance.now()
    core.m.onTimer()
    times.push(performance.now() - t0)
    if (core.snapshot() === before) fail("the persist deadline wrote no snapshot")
  }
  const tasks = JSON.parse(core.snapshot()).tasks
  if (tasks.filter((t) => t.status === "running").length < n) fail(`the snapshot lacks running tasks`)
  return { n, ms: median(times), msPer1000: (median(times) * 1000) / n, bytes: Buffer.byteLength(core.snapshot()) }
}

export async function snapshotBuildSection(quick) {
  const sizes = quick ? [1000] : [1000, 10_000]
  const out = []
  for (const n of sizes) out.push(await buildTime(n, quick ? 5 : n > 1000 ? 9 : 21))
  return out
}
