// The `event` hook: only events of sessions the core asked for (set-interest), of the kind it asked
// for, cross into the component, and of the hot ones only the fields it reads (pick.ts). OpenCode
// does not await this hook: it never throws.
import type { Hooks } from "@opencode-ai/plugin"
import type { Host } from "./host.js"
import { picked } from "./pick.js"

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

type Props = { sessionID?: unknown; info?: { id?: unknown; sessionID?: unknown }; part?: { sessionID?: unknown } }

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
      const lifecycle = LIFECYCLE.has(type)
      if (!lifecycle && !ACTIVITY.has(type) && !type.startsWith("message.")) return
      if (!(lifecycle ? interest.lifecycle : interest.activity)) return
      host.core.run("handle-event", (m) =>
        m.handleEvent(
          type === "message.part.delta"
            ? { tag: "part-delta", val: sessionId }
            : {
                tag: "session",
                val: { eventType: type, sessionId, properties: JSON.stringify(picked(type, properties ?? {})) },
              },
        ),
      )
    } catch (e) {
      host.log("warn", `event relay: ${e instanceof Error ? e.message : e}`)
    }
  }
}
