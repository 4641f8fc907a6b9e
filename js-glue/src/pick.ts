// What crosses into the core of the two hot events, `message.part.updated` and `message.updated`,
// and of the big replies (`session.messages`, `app.agents`): only the fields the core reads
// (src/events.rs, src/messages.rs, src/agents.rs), with long text clipped (never the text of a
// message, which may be an answer). A tool part carries the tool's whole output and metadata, a
// text part the whole text so far, an error the provider's response: stringified whole, each
// crossing cost time in proportion to that payload, for fields the core never reads. Picking keeps
// an event's cost independent of its payload. Nothing here decides anything: fields are copied or
// left out, and text is clipped.

/** The core keeps a 200-character tail of a child's latest text: a margin over that crosses. */
const TEXT_TAIL = 1_000
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

/** `properties` of a hot event, as the core reads them; any other event's unchanged. */
export function picked(type: string, properties: Obj): Obj {
  if (type === "message.part.updated" && isObj(properties.part)) return { part: part(properties.part) }
  if (type === "message.updated" && isObj(properties.info)) return { info: message(properties.info) }
  return properties
}

function part(p: Obj): Obj {
  const text = str(p.text)
  const state = isObj(p.state) ? { status: p.state.status, input: clipped(p.state.input, DEPTH_MAX) } : undefined
  return {
    id: p.id,
    type: p.type,
    synthetic: p.synthetic,
    tool: p.tool,
    text: text !== undefined && text.length > TEXT_TAIL ? text.slice(-TEXT_TAIL) : text,
    state,
  }
}

function message(m: Obj): Obj {
  const tokens = isObj(m.tokens) ? { input: m.tokens.input, output: m.tokens.output } : undefined
  return { id: m.id, role: m.role, error: isObj(m.error) ? error(m.error) : m.error, tokens, cost: m.cost }
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
