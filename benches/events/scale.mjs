// Launch and finish at scale, through the real plugin: N tasks (10, 1,000, 10,000) launched with
// the `background_task` tool all under one parent, or spread over parents of 10 tasks each; each
// child then answers and goes idle, and the measurement ends when every parent got its final
// notice. Launching or finishing should cost the same per task whatever the parent's task count.
// The plugin's state file gives the snapshot's bytes per running and per finished task.
import { startPlugin } from "./plugin.mjs"
import { fail, median, settle, until } from "./timing.mjs"

export const PER_PARENT_SPREAD = 10
export const PROMPT = "Summarise the module."
const RESULT = "The module parses the config and starts the server; it has no tests."
/** Finishing goes in batches this size: children end a few at a time, not all in one tick. */
const FINISH_BATCH = 10

/** Every task starts at once (no queue), nothing limits spawns, no timer fires but coalescing
 * (0: notices go out as tasks finish) and the snapshot's default debounce. */
export const SCALE_CONFIG = {
  defaultConcurrency: 0,
  maxDescendants: 1_000_000,
  minRuntimeMs: 0,
  coalesceMs: 0,
  pollIntervalMs: 86_400_000,
  idleNoAnswerMs: 86_400_000,
}

/** The tool context OpenCode passes to `execute` for a call in `parent`. */
const contextOf = (parent, i) => ({
  sessionID: parent,
  messageID: `msg_${i}`,
  agent: "build",
  abort: new AbortController().signal,
})

/**
 * Launches one task per entry of `parents` (its parent). Returns the ms until all of them run
 * (their sessions created and prompted), and the ms spent in the tool's `execute` alone (what
 * the model's turn waits for). The mock's replies are microtasks: no timer (no snapshot) runs
 * until the loop ends, unlike launches spread over real tool calls.
 */
async function launchAll(plugin, parents) {
  const def = plugin.hooks.tool.background_task
  const before = plugin.prompts.children.count
  let executeMs = 0
  const t0 = performance.now()
  for (const [i, parent] of parents.entries()) {
    const args = { description: `task ${i}`, prompt: PROMPT, agent: "general" }
    const a = performance.now()
    const out = await def.execute(args, contextOf(parent, i))
    executeMs += performance.now() - a
    if (!out.metadata.taskId) fail(`launch ${i} refused: ${out.output}`)
  }
  await plugin.prompts.children.reach(before + parents.length)
  await settle()
  return { totalMs: performance.now() - t0, executeMs }
}

/** Every child answers and goes idle, FINISH_BATCH at a time; ms until every parent was told. */
async function finishAll(plugin, children, parentCount) {
  for (const child of children) plugin.mock.reply(child, RESULT)
  const before = plugin.prompts.finalNotices.count
  const t0 = performance.now()
  for (let i = 0; i < children.length; i += FINISH_BATCH) {
    for (const child of children.slice(i, i + FINISH_BATCH))
      plugin.hook({ event: { id: "evt_idle", type: "session.idle", properties: { sessionID: child } } })
    await settle()
  }
  await plugin.prompts.finalNotices.reach(before + parentCount)
  return performance.now() - t0
}

/** The state file once it lists `n` tasks of `status`: bytes per task beyond `extraBytes` each. */
async function snapshotBytes(plugin, n, status, extraBytes) {
  let file
  await until(
    () => {
      file = plugin.stateFile()
      return file?.state.tasks.filter((t) => t.status === status).length ?? 0
    },
    n,
    { what: `${n} ${status} tasks in the state file` },
  )
  const entries = file.state.tasks.reduce((sum, t) => sum + Buffer.byteLength(JSON.stringify(t)), 0)
  return {
    fileBytes: file.bytes,
    perTask: file.bytes / n - extraBytes,
    perTaskEntry: entries / n - extraBytes,
  }
}

const jsonBytes = (text) => Buffer.byteLength(JSON.stringify(text)) - 2

/** One round of one layout: N tasks launched into a fresh plugin, then finished. */
async function layoutRound(n, perParent, withSnapshot) {
  const plugin = await startPlugin({ config: SCALE_CONFIG })
  try {
    const parentIds = Array.from({ length: Math.ceil(n / perParent) }, (_, p) => `ses_p${p}`)
    for (const p of parentIds) plugin.mock.addSession(p)
    const parents = Array.from({ length: n }, (_, i) => parentIds[Math.floor(i / perParent)])
    const launched = await launchAll(plugin, parents)
    const children = plugin.mock.rec.creates.map((c) => c.id)
    const running = withSnapshot ? await snapshotBytes(plugin, n, "running", jsonBytes(PROMPT)) : undefined
    const finishMs = await finishAll(plugin, children, parentIds.length)
    const finished = withSnapshot ? await snapshotBytes(plugin, n, "completed", jsonBytes(RESULT)) : undefined
    return {
      launchUs: launched.totalMs * (1000 / n),
      executeUs: launched.executeMs * (1000 / n),
      finishUs: finishMs * (1000 / n),
      snapshot: withSnapshot ? { running, finished } : undefined,
    }
  } finally {
    await plugin.stop()
  }
}

/** The medians of a layout's rounds (and the snapshot figures of its first). */
function summary(rounds) {
  const of = (key) => median(rounds.map((r) => r[key]))
  return {
    rounds: rounds.length,
    launchUs: of("launchUs"),
    executeUs: of("executeUs"),
    finishUs: of("finishUs"),
    snapshot: rounds[0].snapshot,
  }
}

export async function scaleSection(quick) {
  const sizes = quick ? [10, 1000] : [10, 1000, 10_000]
  const rows = []
  for (const n of sizes) {
    // Small N is repeated (one round is too short to time); the layouts alternate their order.
    const repeats = quick ? 2 : Math.max(2, Math.min(20, Math.round(2000 / n)))
    const layouts = { one: [], many: [] }
    for (let r = 0; r < repeats; r++) {
      const order = r % 2 ? ["many", "one"] : ["one", "many"]
      for (const layout of order) {
        const perParent = layout === "one" ? n : PER_PARENT_SPREAD
        layouts[layout].push(await layoutRound(n, perParent, r === 0 && n === 1000))
      }
    }
    const one = summary(layouts.one)
    const many = summary(layouts.many)
    rows.push({
      n,
      perParentSpread: PER_PARENT_SPREAD,
      oneParent: one,
      manyParents: many,
      launchRatio: one.launchUs / many.launchUs,
      finishRatio: one.finishUs / many.finishUs,
    })
  }
  return rows
}
