// The replay part of the event benchmark (bench.mjs): the plugin tracks exactly the recorded
// children, the recorded stream goes through its hook and the plain handler by event class, then
// the functional checks (the events reached running tasks: both counted the same tool calls and
// tokens), then the payload and `session.messages` rows on the same kind of plugin.
import { createPlainHandler } from "./plain.mjs"
import { answerOnly, messagesReplyRows, payloadRows, recordedMessages, withBulkyTools } from "./payload.mjs"
import { startPlugin, taskRow } from "./plugin.mjs"
import { eventClasses, loadFixture, replayRows } from "./replay.mjs"
import { fail, settle, until } from "./timing.mjs"
import { pickedMessages } from "../../js-glue/dist/pick.js"

/** No timer fires during the benchmark (polls, asking an idle child for its answer), no breaker
 * trips on the replayed calls, and an idle child is checked at once (no minimum runtime). */
const REPLAY_CONFIG = {
  minRuntimeMs: 0,
  pollIntervalMs: 86_400_000,
  idleNoAnswerMs: 86_400_000,
  maxToolCalls: 0,
  maxRepeatedToolCalls: 0,
}

/** Launches the recorded tasks from the recorded parent: their children are the recorded ones. */
async function launchRecorded(plugin, fixture) {
  const ids = []
  for (const t of fixture.tasks) {
    const out = await plugin.tool(
      "background_task",
      { description: t.description, prompt: `Replay of "${t.description}".`, agent: t.agent },
      fixture.parent,
    )
    if (!out.metadata.taskId) fail(`launch refused: ${out.output}`)
    ids.push(out.metadata.taskId)
  }
  await plugin.prompts.children.reach(fixture.tasks.length)
  await settle()
  for (const [i, id] of ids.entries()) {
    const row = await taskRow(plugin, id, fixture.parent)
    if (row.status !== "running") fail(`task ${id} (child ${fixture.children[i]}) is ${row.status}, not running`)
  }
  return ids
}

/** The replayed events reached running tasks: the core counted what the plain handler counted. */
async function checkReached(plugin, plain, fixture, taskIds) {
  const counts = []
  for (const [i, id] of taskIds.entries()) {
    const child = fixture.children[i]
    const row = await taskRow(plugin, id, fixture.parent)
    const expected = plain.tracked.get(child).toolCalls
    if (row.status !== "running") fail(`after the replay, task ${id} is ${row.status}, not running`)
    if (expected === 0) fail(`the plain handler counted no tool call of ${child}: the fixture has none`)
    if (row.toolCalls !== expected)
      fail(`task ${id} counted ${row.toolCalls} tool calls, the plain handler ${expected}: events were lost`)
    counts.push(row.toolCalls)
  }
  // Tokens are in the snapshot only: a launch makes the core write one.
  const before = plugin.stateFile()?.state.tasks.length ?? 0
  await plugin.tool("background_task", { description: "snapshot", prompt: "p", agent: "general" }, fixture.parent)
  await until(() => (plugin.stateFile()?.state.tasks.length ?? 0) > before, 1, { what: "the state file" })
  const saved = new Map(plugin.stateFile().state.tasks.map((t) => [t.session_id, t.progress]))
  for (const child of fixture.children) {
    const mine = plain.tracked.get(child)
    const core = saved.get(child)
    if (
      !core ||
      core.tokens_in !== mine.tokensIn ||
      core.tokens_out !== mine.tokensOut ||
      core.last_tool !== mine.lastTool
    )
      fail(`tokens or last tool of ${child} differ: core ${JSON.stringify(core)}, plain ${JSON.stringify(mine)}`)
  }
  return counts
}

/** The `session.messages` rows: a plugin whose tasks finish quietly (no notices, no snapshot). */
async function messagesSection(fixture, quick) {
  const plugin = await startPlugin({
    config: { ...REPLAY_CONFIG, notifyParent: false, persistDebounceMs: 86_400_000, maxDescendants: 1_000_000 },
    parents: ["ses_msgparent"],
  })
  try {
    const recorded = recordedMessages(fixture.events, fixture.children[0])
    const big = withBulkyTools(recorded, 2 * 1024 * 1024)
    const small = answerOnly(recorded)
    let launched = 0
    const launchTask = async () => {
      const out = await plugin.tool(
        "background_task",
        { description: `reply ${launched}`, prompt: "p", agent: "general" },
        "ses_msgparent",
      )
      if (!out.metadata.taskId) fail(`launch refused: ${out.output}`)
      await plugin.prompts.children.reach(++launched)
      await settle()
      return { taskId: out.metadata.taskId, child: plugin.mock.rec.creates.at(-1).id }
    }
    const isCompleted = async (taskId) => (await taskRow(plugin, taskId, "ses_msgparent")).status === "completed"
    const opts = quick ? { rounds: 5, warmup: 2 } : { rounds: 25, warmup: 5 }
    const rows = await messagesReplyRows(plugin, launchTask, isCompleted, big, small, opts)
    const bytes = (v) => Buffer.byteLength(JSON.stringify(v))
    return {
      ...rows,
      bigBytes: bytes(big),
      smallBytes: bytes(small),
      bigCrossingBytes: bytes(pickedMessages(big)),
      smallCrossingBytes: bytes(pickedMessages(small)),
    }
  } finally {
    await plugin.stop()
  }
}

export async function replaySection(fixturePath, quick) {
  const fixture = loadFixture(fixturePath)
  const plugin = await startPlugin({ config: REPLAY_CONFIG, parents: [fixture.parent], sessionIds: fixture.children })
  try {
    const taskIds = await launchRecorded(plugin, fixture)
    const plain = createPlainHandler()
    for (const child of fixture.children) plain.track(child)
    const opts = quick ? { minEvents: 2000, rounds: 5, warmup: 2 } : { minEvents: 10_000, rounds: 15, warmup: 3 }
    const replay = await replayRows(plugin.hook, plain.event, eventClasses(fixture), opts)
    const toolCalls = await checkReached(plugin, plain, fixture, taskIds)
    const payloadOpts = quick ? { calls: 500, rounds: 5, warmup: 2 } : { calls: 2000, rounds: 15, warmup: 3 }
    const payload = await payloadRows(plugin.hook, fixture.children[0], payloadOpts)
    if ((await taskRow(plugin, taskIds[0], fixture.parent)).status !== "running")
      fail("the payload events' child is no longer running")
    return {
      fixture: { opencode: fixture.opencode, events: fixture.events.length, toolCallsCounted: toolCalls },
      replay,
      payload,
      messagesReply: await messagesSection(fixture, quick),
    }
  } finally {
    await plugin.stop()
  }
}
