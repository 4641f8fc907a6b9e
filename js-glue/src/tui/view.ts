// The view of a session's background tasks that the server part writes into the session's
// metadata (`backgroundTasks`, built by the core: src/panel.rs), read defensively, and the
// words the panel, the dialog and the notifications show. Pure: no OpenTUI here.

/** The metadata key the server part writes the view under (sdk.ts) and the TUI part reads. */
export const VIEW_KEY = "backgroundTasks"

export type TaskLine = {
  id: string
  description: string
  agent: string
  status: string
  sessionId?: string
  queuedAt: number
  startedAt?: number
  completedAt?: number
  toolCalls: number
  lastTool?: string
  tokens: number
  costUsd: number
  waitingFor?: string[]
  needsInput?: string
}

export type View = {
  updatedAt: number
  running: number
  pending: number
  completed: number
  failed: number
  cancelled: number
  more: number
  tasks: TaskLine[]
}

/** How a line stands out. */
export type Tone = "running" | "pending" | "done" | "failed" | "cancelled" | "attention"

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v)
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) && v >= 0 ? v : 0)
const str = (v: unknown) => (typeof v === "string" ? v : undefined)

/** The view in a session's metadata, or none (absent, another version, or not a view). */
export function readView(metadata: unknown): View | undefined {
  const v = isObj(metadata) ? metadata[VIEW_KEY] : undefined
  if (!isObj(v) || v.version !== 1 || !Array.isArray(v.tasks)) return undefined
  const tasks = v.tasks.filter(isObj).flatMap((t): TaskLine[] => {
    const id = str(t.id)
    if (!id) return []
    return [
      {
        id,
        description: str(t.description) ?? "",
        agent: str(t.agent) ?? "",
        status: str(t.status) ?? "pending",
        sessionId: str(t.sessionId),
        queuedAt: num(t.queuedAt),
        startedAt: typeof t.startedAt === "number" ? t.startedAt : undefined,
        completedAt: typeof t.completedAt === "number" ? t.completedAt : undefined,
        toolCalls: num(t.toolCalls),
        lastTool: str(t.lastTool),
        tokens: num(t.tokens),
        costUsd: num(t.costUsd),
        waitingFor: Array.isArray(t.waitingFor) ? t.waitingFor.filter((w) => typeof w === "string") : undefined,
        needsInput: str(t.needsInput),
      },
    ]
  })
  return {
    updatedAt: num(v.updatedAt),
    running: num(v.running),
    pending: num(v.pending),
    completed: num(v.completed),
    failed: num(v.failed),
    cancelled: num(v.cancelled),
    more: num(v.more),
    tasks,
  }
}

/** "2 running · 1 queued · 3 done · 1 failed" (the parts that are not zero). */
export function header(v: View): string {
  const parts: [number, string][] = [
    [v.running, "running"],
    [v.pending, "queued"],
    [v.completed, "done"],
    [v.failed, "failed"],
    [v.cancelled, "cancelled"],
  ]
  const words = parts.filter(([n]) => n > 0).map(([n, w]) => `${n} ${w}`)
  return words.length ? words.join(" · ") : "no tasks"
}

export function tone(t: TaskLine): Tone {
  if (t.needsInput) return "attention"
  switch (t.status) {
    case "running":
      return "running"
    case "pending":
      return "pending"
    case "completed":
      return "done"
    case "cancelled":
      return "cancelled"
    default:
      return "failed"
  }
}

const GLYPH: Record<Tone, string> = {
  running: "●",
  pending: "○",
  done: "✓",
  failed: "✗",
  cancelled: "⊘",
  attention: "!",
}

/** "1m 05s", "42s", "1h 02m". */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000))
  if (s < 60) return `${s}s`
  const m = Math.floor(s / 60)
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, "0")}s`
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, "0")}m`
}

/** How long it has run (or ran), or waited while queued. */
export function elapsed(t: TaskLine, now: number): string {
  const start = t.startedAt ?? t.queuedAt
  return duration((t.completedAt ?? now) - start)
}

/** Cuts text to `max` characters, marking the cut. */
export function clip(text: string, max: number): string {
  const chars = [...text.replace(/\s+/g, " ").trim()]
  return chars.length <= max ? chars.join("") : chars.slice(0, Math.max(0, max - 1)).join("") + "…"
}

/** One line of the sidebar panel (about 36 columns): glyph, description, elapsed, tools, cost. */
export function panelLine(t: TaskLine, now: number): string {
  const cost = t.costUsd > 0 ? ` $${t.costUsd.toFixed(2)}` : ""
  const tail = t.needsInput ? " needs input" : ` ${elapsed(t, now)} ${t.toolCalls}t${cost}`
  return `${GLYPH[tone(t)]} ${clip(t.description, 34 - tail.length)}${tail}`
}

/** A dialog row's description: status, agent, what it does or waits for. */
export function detail(t: TaskLine, now: number): string {
  const what = t.needsInput
    ? `needs input: ${clip(t.needsInput, 60)}`
    : t.waitingFor?.length
      ? `after ${t.waitingFor.join(", ")}`
      : t.lastTool
        ? `last tool ${clip(t.lastTool, 20)}`
        : ""
  return [t.status, `@${clip(t.agent, 20)}`, elapsed(t, now), `${t.toolCalls} tools`, what].filter(Boolean).join(" · ")
}

/**
 * What a person not looking at the session should hear of a change of its view: a task that
 * now needs input, or the end of a batch (nothing running or queued any more).
 */
export function attention(before: View | undefined, after: View | undefined): string | undefined {
  if (!after) return undefined
  const asked = after.tasks.find((t) => t.needsInput && !before?.tasks.some((b) => b.id === t.id && b.needsInput))
  if (asked) return `${clip(asked.description, 40)} needs input: ${clip(asked.needsInput ?? "", 80)}`
  const busy = (v: View) => v.running + v.pending
  if (before && busy(before) > 0 && busy(after) === 0) return `Background tasks finished: ${header(after)}`
  return undefined
}
