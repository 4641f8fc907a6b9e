// The `event` hook: only events of sessions the core asked for (set-interest), of the kind it asked
// for, cross into the component; the hot ones as typed records of the fields it reads (pick.ts),
// the rest as JSON. OpenCode does not await this hook: it never throws.
import type { Hooks } from "@opencode-ai/plugin"
import type { Manager } from "./core.js"
import type { Host } from "./host.js"
import { typedMessage, typedPart } from "./pick.js"

/** Lifecycle events, which cross for every session the core watches. */
export const LIFECYCLE = new Set(["session.status", "session.idle", "session.error", "session.deleted"])
/** Activity events besides `message.*`, which cross for a session whose activity the core watches. */
export const ACTIVITY = new Set([
  "todo.updated",
  "permission.asked",
  "permission.replied",
  "question.asked",
  "question.replied",
  "question.rejected",
])

type Needs = "lifecycle" | "activity"
/**
 * The interest an event type needs to cross, in one look-up: lifecycle events, then activity ones
 * (the hot `message.*` ones named; any other `message.*` is activity too).
 */
const NEEDS = new Map<string, Needs>([
  ...[...LIFECYCLE].map((t): [string, Needs] => [t, "lifecycle"]),
  ...[...ACTIVITY, "message.part.delta", "message.part.updated", "message.updated"].map((t): [string, Needs] => [
    t,
    "activity",
  ]),
])

type Props = { sessionID?: unknown; info?: { id?: unknown; sessionID?: unknown }; part?: { sessionID?: unknown } }

/**
 * The call that hands the event to the core: the two hot ones typed, the others' properties as
 * JSON. Built before the call, so that only the core's own failures happen inside it.
 */
function crossing(type: string, sessionId: string, properties: Props | undefined): (m: Manager) => void {
  switch (type) {
    case "message.part.delta":
      return (m) => m.handleEvent({ tag: "part-delta", val: sessionId })
    case "message.part.updated": {
      const part = typedPart(properties?.part)
      return (m) => m.handlePartUpdated(sessionId, part)
    }
    case "message.updated": {
      const message = typedMessage(properties?.info)
      return (m) => m.handleMessageUpdated(sessionId, message)
    }
    default: {
      const event = { eventType: type, sessionId, properties: JSON.stringify(properties ?? {}) }
      return (m) => m.handleEvent({ tag: "session", val: event })
    }
  }
}

/** The event's session: `properties.sessionID`, or where servers before 1.4 kept it. */
function sessionOf(type: string, p: Props): unknown {
  return p.sessionID ?? (type.startsWith("session.") ? p.info?.id : p.info?.sessionID) ?? p.part?.sessionID
}

export function relay(host: Host): NonNullable<Hooks["event"]> {
  return async ({ event }) => {
    try {
      const { type, properties } = event as { type: string; properties?: Props }
      // The session first: most events belong to sessions the core has no interest in, and one
      // map look-up turns them away.
      const sessionId = properties && sessionOf(type, properties)
      if (typeof sessionId !== "string") return
      const interest = host.interests.get(sessionId)
      if (!interest) return
      const needs = NEEDS.get(type) ?? (type.startsWith("message.") ? "activity" : undefined)
      if (needs === undefined || !interest[needs]) return
      host.core.run("handle-event", crossing(type, sessionId, properties))
    } catch (e) {
      host.log("warn", `event relay: ${e instanceof Error ? e.message : e}`)
    }
  }
}
