// The recorded stream (fixture/) replayed through the real plugin's `event` hook and through the
// plain handler (plain.mjs), by event class, in alternating rounds. Every repetition of the
// stream gives its tool parts fresh ids, so each repetition's tool calls are new calls that both
// count (without that, every repetition after the first would only find them counted already).
import { readFileSync } from "node:fs"
import { alternate, median, settle } from "./timing.mjs"

/** The fixture with its events as the `event` hook receives them (`at` dropped). */
export function loadFixture(path) {
  const fixture = JSON.parse(readFileSync(path, "utf8"))
  const events = fixture.events.map(({ at, ...event }) => event)
  return { ...fixture, events }
}

/** The session an event belongs to (as relay.ts finds it), or undefined. */
export function sessionOf(event) {
  const p = event.properties ?? {}
  return p.sessionID ?? p.info?.sessionID ?? p.part?.sessionID
}

/** The rows: each a class of the recorded events, with the ratio it aims at (plugin / plain). */
export function eventClasses(fixture) {
  const children = new Set(fixture.children)
  const ofChild = (e) => children.has(sessionOf(e))
  const classes = [
    { key: "mix", label: "recorded mix (all events)", target: 3, test: () => true },
    { key: "untracked", label: "untracked session", target: 1.1, test: (e) => sessionOf(e) === fixture.untracked },
    { key: "children", label: "tracked children", target: 4, test: ofChild },
    {
      key: "partUpdated",
      label: "message.part.updated (children)",
      target: 5,
      test: (e) => ofChild(e) && e.type === "message.part.updated",
    },
    {
      key: "messageUpdated",
      label: "message.updated (children)",
      target: 5,
      test: (e) => ofChild(e) && e.type === "message.updated",
    },
    {
      key: "delta",
      label: "message.part.delta (children)",
      target: undefined,
      test: (e) => ofChild(e) && e.type === "message.part.delta",
    },
    {
      key: "status",
      label: "session.status + idle (children)",
      target: undefined,
      test: (e) => ofChild(e) && (e.type === "session.status" || e.type === "session.idle"),
    },
    { key: "parent", label: "parent session", target: undefined, test: (e) => sessionOf(e) === fixture.parent },
    { key: "noSession", label: "no session (plugin, catalog, toast)", target: undefined, test: (e) => !sessionOf(e) },
  ]
  return classes.map((c) => ({ ...c, events: fixture.events.filter(c.test) }))
}

const isToolPart = (e) => e.type === "message.part.updated" && e.properties?.part?.type === "tool"

/** The hook's arguments for one repetition of `events`: tool parts under ids of this repetition. */
export function repetition(events, rep) {
  return events.map((event) => {
    if (!isToolPart(event)) return { event }
    const part = { ...event.properties.part, id: `${event.properties.part.id}~${rep}` }
    return { event: { ...event, properties: { ...event.properties, part } } }
  })
}

/** One timed round: every input through `hook` (not awaited, as OpenCode calls it), then the
 * replies of the SDK calls they started (idle children are checked against their messages). */
async function replayRound(hook, inputs) {
  const t0 = performance.now()
  for (let i = 0; i < inputs.length; i++) hook(inputs[i])
  await settle()
  return performance.now() - t0
}

/**
 * Times each class through `plugin` (the real hook) and `plain`, alternating, and returns one
 * row per class: µs per event (median round) of each, and their ratio. A round holds at least
 * `minEvents` events (whole repetitions of the class).
 */
export async function replayRows(pluginHook, plainHook, classes, { minEvents, rounds, warmup }) {
  let rep = 0
  const rows = []
  for (const cls of classes) {
    if (cls.events.length === 0) continue
    const reps = Math.max(1, Math.ceil(minEvents / cls.events.length))
    let built = { round: -1, inputs: [] }
    /** The same inputs for both sides of a round; fresh tool-part ids in every round. */
    const inputsOf = (round) => {
      if (built.round !== round) {
        const inputs = []
        for (let i = 0; i < reps; i++) inputs.push(...repetition(cls.events, rep++))
        built = { round, inputs }
      }
      return built.inputs
    }
    const times = await alternate(
      (r) => replayRound(pluginHook, inputsOf(r)),
      (r) => replayRound(plainHook, inputsOf(r)),
      { rounds, warmup },
    )
    const perEvent = (ms) => (median(ms) * 1000) / (reps * cls.events.length)
    const plugin = perEvent(times.a)
    const plain = perEvent(times.b)
    rows.push({
      key: cls.key,
      label: cls.label,
      events: cls.events.length,
      eventsPerRound: reps * cls.events.length,
      pluginUs: plugin,
      plainUs: plain,
      ratio: plugin / plain,
      target: cls.target,
    })
  }
  return rows
}
