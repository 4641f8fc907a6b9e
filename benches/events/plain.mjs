// The baseline of the event benchmark: a plain-JS `event` hook doing the bookkeeping the core does
// for an event of a tracked child, written the way a plugin without a core would. It mirrors on
// purpose: a Map of tracked sessions by id (the host's interest map plus the core's session
// index); the same event types acted on (what relay.ts lets through); tool calls counted once per
// tool part id once they leave `pending`, with the last tool (health.rs); the last activity time
// on every event acted on (activity.rs); tokens and cost kept per assistant message and summed
// (record_usage); the latest text's 200-character tail (record_text). It leaves out on purpose
// what has no plain counterpart worth timing: the loop guard's input hash, completion checks,
// timers, notices. Like OpenCode's hook it is async and never awaited by the caller.
import { ACTIVITY, LIFECYCLE } from "../../js-glue/dist/relay.js"

/** The event types the core acts on: those relay.ts lets cross (its own lists, so the two agree). */
const HANDLED = new Set([...LIFECYCLE, ...ACTIVITY, "message.updated", "message.part.updated", "message.part.delta"])
/** The length of the latest-text excerpt the core keeps. */
const EXCERPT = 200

/** The event's session, where 1.18 puts it and where older servers did (as relay.ts reads it). */
function sessionOf(type, p) {
  return p.sessionID ?? (type.startsWith("session.") ? p.info?.id : p.info?.sessionID) ?? p.part?.sessionID
}

function newTask(sessionID) {
  return {
    sessionID,
    status: "running",
    idle: false,
    lastActivityAt: undefined,
    toolCalls: 0,
    lastTool: undefined,
    countedParts: new Set(),
    usage: new Map(), // message id -> {input, output, cost}
    tokensIn: 0,
    tokensOut: 0,
    cost: 0,
    lastMessage: undefined,
    todos: [],
    blocked: undefined,
  }
}

function onPart(task, part) {
  if (part.type === "tool") {
    if (part.state?.status === "pending" || task.countedParts.has(part.id)) return
    task.countedParts.add(part.id)
    task.toolCalls++
    task.lastTool = part.tool
  } else if (part.type === "text" && part.synthetic !== true && typeof part.text === "string" && part.text.trim()) {
    task.lastMessage = part.text.slice(-EXCERPT)
  }
}

function onMessage(task, info) {
  if (info.role !== "assistant" || (info.tokens === undefined && info.cost === undefined)) return
  task.usage.set(info.id, { input: info.tokens?.input ?? 0, output: info.tokens?.output ?? 0, cost: info.cost ?? 0 })
  let input = 0
  let output = 0
  let cost = 0
  for (const u of task.usage.values()) {
    input += u.input
    output += u.output
    cost += u.cost
  }
  task.tokensIn = input
  task.tokensOut = output
  task.cost = cost
}

/** A handler with its own tracked sessions: `track(id)` adds one, `event` is the hook. */
export function createPlainHandler(now = Date.now) {
  const tracked = new Map()
  const event = async ({ event }) => {
    const { type, properties: p } = event
    if (!HANDLED.has(type) || !p) return
    const task = tracked.get(sessionOf(type, p))
    if (!task) return
    task.lastActivityAt = now()
    switch (type) {
      case "message.part.updated":
        return onPart(task, p.part)
      case "message.updated":
        return onMessage(task, p.info)
      case "session.status":
        task.idle = p.status?.type === "idle"
        return
      case "session.idle":
        task.idle = true
        return
      case "todo.updated":
        task.todos = p.todos ?? []
        return
      case "permission.asked":
      case "question.asked":
        task.blocked = p.id
        return
      case "permission.replied":
      case "question.replied":
      case "question.rejected":
        task.blocked = undefined
        return
    }
  }
  return {
    tracked,
    event,
    track(sessionID) {
      tracked.set(sessionID, newTask(sessionID))
    },
  }
}
