// One class of the recorded stream through the real plugin's `event` hook, over and over, for a
// profiler: `node --cpu-prof benches/events/profile.mjs [class] [seconds]` (the classes are the
// keys of replay.mjs's eventClasses: mix, children, partUpdated, messageUpdated, delta, status,
// parent, …). It prints µs per event, which is not a figure to compare (no baseline beside it:
// scripts/bench is the benchmark). For names of the core's functions in the profile, build the
// core with its symbols first: `CARGO_PROFILE_RELEASE_STRIP=false scripts/build` and
// `npm run build` in js-glue (and build it again normally afterwards).
import { startPlugin } from "./plugin.mjs"
import { eventClasses, loadFixture, repetition } from "./replay.mjs"
import { fail, settle } from "./timing.mjs"

const FIXTURE = new URL("./fixture/opencode-1.18.33.json", import.meta.url).pathname
const [key = "children", seconds = "8"] = process.argv.slice(2)

const fixture = loadFixture(FIXTURE)
const cls = eventClasses(fixture).find((c) => c.key === key)
if (!cls)
  fail(
    `no class "${key}": ${eventClasses(fixture)
      .map((c) => c.key)
      .join(", ")}`,
  )
const plugin = await startPlugin({
  config: {
    minRuntimeMs: 0,
    pollIntervalMs: 86_400_000,
    idleNoAnswerMs: 86_400_000,
    maxToolCalls: 0,
    maxRepeatedToolCalls: 0,
  },
  parents: [fixture.parent],
  sessionIds: fixture.children,
})
try {
  for (const t of fixture.tasks) {
    await plugin.tool("background_task", { description: t.description, prompt: "p", agent: t.agent }, fixture.parent)
  }
  await plugin.prompts.children.reach(fixture.tasks.length)
  await settle()
  let events = 0
  const t0 = performance.now()
  for (let rep = 0; performance.now() - t0 < Number(seconds) * 1000; rep++) {
    for (const input of repetition(cls.events, rep)) plugin.hook(input)
    events += cls.events.length
    await settle()
  }
  console.log(`${key}: ${(((performance.now() - t0) * 1000) / events).toFixed(3)} µs per event (${events} events)`)
} finally {
  await plugin.stop()
}
