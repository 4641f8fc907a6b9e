// What crosses into the core of the two hot events, `message.part.updated` and `message.updated`,
// and of the big replies (`session.messages`, `app.agents`): only the fields the core reads
// (src/events.rs, src/messages.rs, src/agents.rs), with long text clipped (never the text of a
// message, which may be an answer). A tool part carries the tool's whole output and metadata, a
// text part the whole text so far, an error the provider's response: copied whole, each crossing
// would cost time in proportion to that payload, for fields the core never reads. The hot events
// cross as typed records (no JSON on either side); the replies as JSON. Nothing here decides
// anything: fields are copied, left out or given their WIT type, and text is clipped.
import type {
  MessageRole,
  MessageUpdated,
  Part,
  ToolStatus,
} from "./core/interfaces/opencode-background-agent-manager.js"

/** The core keeps a 200-character tail of a child's latest text: twice that in UTF-16 units crosses. */
const TEXT_TAIL = 400
/** An error message the core quotes (at most 2,000 characters). */
const MESSAGE_MAX = 4_000
/**
 * A tool's input is compared only with the previous call's (the loop guard): strings longer than
 * this cross as their head and their length, so two inputs differ as long as their heads or
 * lengths do.
 */
const STRING_MAX = 1_000
/** How deep, and how many entries, of a tool's input cross. */
const DEPTH_MAX = 4
const ENTRIES_MAX = 50

type Json = unknown
type Obj = Record<string, Json>

const isObj = (v: Json): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v)
const str = (v: Json) => (typeof v === "string" ? v : undefined)
const num = (v: Json) => (typeof v === "number" ? v : undefined)

const TOOL_STATUS: Record<string, ToolStatus> = {
  pending: "pending",
  running: "running",
  completed: "completed",
  error: "error",
}

/** A `message.part.updated` part as the WIT `part`. */
export function typedPart(p: Json): Part {
  if (!isObj(p)) return { tag: "other" }
  if (p.type === "text") {
    const text = str(p.text) ?? ""
    return {
      tag: "text",
      val: { text: text.length > TEXT_TAIL ? text.slice(-TEXT_TAIL) : text, synthetic: p.synthetic === true },
    }
  }
  if (p.type !== "tool") return { tag: "other" }
  const state = isObj(p.state) ? p.state : {}
  const status = typeof state.status === "string" ? TOOL_STATUS[state.status] : undefined
  const input = state.input === undefined ? undefined : JSON.stringify(clipped(state.input, DEPTH_MAX))
  return { tag: "tool", val: { id: str(p.id) ?? "", tool: str(p.tool), status: status ?? "other", input } }
}

const ROLE: Record<string, MessageRole> = { user: "user", assistant: "assistant" }

/** A `message.updated` message as the WIT `message-updated`. */
export function typedMessage(m: Json): MessageUpdated {
  if (!isObj(m)) return { messageId: "", role: "other" }
  const tokens = isObj(m.tokens) ? m.tokens : undefined
  const cost = num(m.cost)
  return {
    messageId: str(m.id) ?? "",
    role: (typeof m.role === "string" ? ROLE[m.role] : undefined) ?? "other",
    // Rare (an error ends the run), so it crosses as JSON, like `session.error`'s.
    error: isObj(m.error) ? JSON.stringify(error(m.error)) : undefined,
    usage:
      tokens || cost !== undefined
        ? {
            tokensIn: num(tokens?.input) ?? 0,
            tokensOut: num(tokens?.output) ?? 0,
            tokensReasoning: num(tokens?.reasoning) ?? 0,
            tokensCacheRead: num(isObj(tokens?.cache) ? tokens.cache.read : undefined) ?? 0,
            cost: cost ?? 0,
          }
        : undefined,
  }
}

function error(e: Obj): Obj {
  if (!isObj(e.data)) return { name: e.name }
  const message = str(e.data.message)
  const data = {
    message: message !== undefined && message.length > MESSAGE_MAX ? message.slice(0, MESSAGE_MAX) : e.data.message,
    statusCode: e.data.statusCode,
    isRetryable: e.data.isRetryable,
  }
  return { name: e.name, data }
}

/**
 * An `app.agents` reply as the core reads it: each agent's name, mode, hidden flag and
 * permission rules (its prompt and options can be long, and the core has no use for them).
 */
export function pickedAgents(data: Json): Json {
  if (!Array.isArray(data)) return data
  return data.map((a: Json) =>
    isObj(a) ? { name: a.name, mode: a.mode, hidden: a.hidden, permission: a.permission } : a,
  )
}

/**
 * A `session.messages` reply (`{info, parts}[]`) as the core reads it: each message's role,
 * error, agent, model, finish and times; each part's type, and for text and reasoning parts their
 * text and flags. Tool inputs and outputs, files and snapshots stay out.
 */
export function pickedMessages(data: Json): Json {
  if (!Array.isArray(data)) return data
  return data.map((entry: Json) => {
    if (!isObj(entry) || !isObj(entry.info)) return entry
    const parts = Array.isArray(entry.parts) ? entry.parts.map(messagePart) : entry.parts
    return { info: messageInfo(entry.info), parts }
  })
}

function messageInfo(m: Obj): Obj {
  const model = isObj(m.model)
    ? { providerID: m.model.providerID, modelID: m.model.modelID, variant: m.model.variant }
    : m.model
  const time = isObj(m.time) ? { created: m.time.created, completed: m.time.completed } : m.time
  return {
    id: m.id,
    role: m.role,
    error: isObj(m.error) ? error(m.error) : m.error,
    summary: m.summary === true ? true : undefined,
    agent: m.agent,
    mode: m.mode,
    model,
    providerID: m.providerID,
    modelID: m.modelID,
    finish: m.finish,
    time,
  }
}

/** How much of each text, and of each tool error, a transcript line can show (the core clips further). */
const TRANSCRIPT_TEXT = 1_000

/**
 * A `session.messages` reply as a transcript reads it: each message's role and error; its text
 * parts' heads and flags; its tool parts' name, status, input (two levels deep) and error head.
 */
export function pickedTranscript(data: Json): Json {
  if (!Array.isArray(data)) return data
  return data.map((entry: Json) => {
    if (!isObj(entry) || !isObj(entry.info)) return entry
    const info = { role: entry.info.role, error: isObj(entry.info.error) ? error(entry.info.error) : undefined }
    const parts = Array.isArray(entry.parts) ? entry.parts.map(transcriptPart) : []
    return { info, parts }
  })
}

function transcriptPart(p: Json): Json {
  if (!isObj(p)) return {}
  const head = (v: Json) => str(v)?.slice(0, TRANSCRIPT_TEXT)
  if (p.type === "text") return { type: p.type, text: head(p.text), synthetic: p.synthetic === true }
  if (p.type !== "tool" || !isObj(p.state)) return { type: p.type }
  const state = { status: p.state.status, input: clipped(p.state.input, 2), error: head(p.state.error) }
  return { type: p.type, tool: p.tool, state }
}

/** Whether a reasoning part said anything is all the core asks of it: its head crosses. */
const REASONING_HEAD = 100

function messagePart(p: Json): Json {
  if (!isObj(p)) return p
  if (p.type === "reasoning") {
    const text = str(p.text)
    return { type: p.type, text: text !== undefined ? text.slice(0, REASONING_HEAD) : p.text }
  }
  if (p.type === "text") return { type: p.type, text: p.text, synthetic: p.synthetic, ignored: p.ignored }
  return { type: p.type }
}

/** A tool's input, bounded: long strings as head and length, deep or wide values cut short. */
export function clipped(v: Json, depth: number): Json {
  if (typeof v === "string") return v.length > STRING_MAX ? `${v.slice(0, STRING_MAX)}…[${v.length}]` : v
  if (typeof v !== "object" || v === null) return v
  if (depth <= 0) return "…"
  if (Array.isArray(v)) {
    const head = v.slice(0, ENTRIES_MAX).map((x) => clipped(x, depth - 1))
    return v.length > ENTRIES_MAX ? [...head, `…[${v.length}]`] : head
  }
  const out: Obj = {}
  let n = 0
  for (const key in v) {
    if (++n > ENTRIES_MAX) {
      out["…"] = "…"
      break
    }
    out[key] = clipped((v as Obj)[key], depth - 1)
  }
  return out
}
