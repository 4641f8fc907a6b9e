// Whether a payload the core never reads costs anything: a completed tool part with a 1 MB output
// against one with 2 KB (and a text part of 1 MB against 2 KB), through the real `event` hook of a
// running child; and a `session.messages` reply of ~2 MB whose bulk is tool inputs and outputs
// against one holding only the final answer, through the host's SDK reply path (sdk.ts picks
// it, pick.ts, then the core reads it and completes the task).
import { alternate, fail, median, settle } from "./timing.mjs"
import { sessionOf } from "./replay.mjs"

const KB = 1024

/** A `message.part.updated` of a completed tool part of `session`, its output `bytes` long. */
function toolPartEvent(session, bytes, id) {
  const output = "x".repeat(bytes)
  const part = {
    id,
    sessionID: session,
    messageID: "msg_payload",
    type: "tool",
    callID: "call_payload",
    tool: "bash",
    state: {
      status: "completed",
      input: { command: "cat big.log", description: "Print the log" },
      output,
      metadata: { output, exit: 0, truncated: false },
      title: "cat big.log",
      time: { start: 1, end: 2 },
    },
  }
  return { event: { id: "evt_payload", type: "message.part.updated", properties: { sessionID: session, part } } }
}

/** A `message.part.updated` of a text part of `session`, its text `bytes` long. */
function textPartEvent(session, bytes) {
  const part = { id: "prt_text", sessionID: session, messageID: "msg_payload", type: "text", text: "y".repeat(bytes) }
  return { event: { id: "evt_text", type: "message.part.updated", properties: { sessionID: session, part } } }
}

/** µs per call of `hook(input)`, `calls` calls per round, alternating the two inputs. */
async function perCall(hook, small, large, { calls, rounds, warmup }) {
  const round = (input) => async () => {
    const t0 = performance.now()
    for (let i = 0; i < calls; i++) hook(input)
    await settle()
    return performance.now() - t0
  }
  const t = await alternate(round(small), round(large), { rounds, warmup })
  const us = (ms) => (median(ms) * 1000) / calls
  return { smallUs: us(t.a), largeUs: us(t.b), ratio: us(t.b) / us(t.a) }
}

/** The payload rows, through the hook of a plugin where `session` is a running child. */
export async function payloadRows(hook, session, opts) {
  const tool = await perCall(
    hook,
    toolPartEvent(session, 2 * KB, "prt_payload_small"),
    toolPartEvent(session, 1024 * KB, "prt_payload_large"),
    opts,
  )
  const text = await perCall(hook, textPartEvent(session, 2 * KB), textPartEvent(session, 1024 * KB), opts)
  return { toolOutput: tool, text }
}

// ---- session.messages replies -------------------------------------------------------------------

/** One child's messages as `session.messages` returns them, rebuilt from the recorded events:
 * the last `message.updated` of each message and the last `message.part.updated` of each part. */
export function recordedMessages(events, session) {
  const infos = new Map()
  const parts = new Map()
  for (const e of events) {
    if (sessionOf(e) !== session) continue
    if (e.type === "message.updated") infos.set(e.properties.info.id, e.properties.info)
    if (e.type === "message.part.updated") parts.set(e.properties.part.id, e.properties.part)
  }
  return [...infos.values()]
    .sort((a, b) => (a.id < b.id ? -1 : 1))
    .map((info) => ({ info, parts: [...parts.values()].filter((p) => p.messageID === info.id) }))
}

/** `messages` with each tool part's input and output grown until the reply is about `bytes` long. */
export function withBulkyTools(messages, bytes) {
  const tools = messages.flatMap((m) => m.parts).filter((p) => p.type === "tool").length
  const each = Math.ceil(bytes / Math.max(1, tools) / 2)
  return messages.map((m) => ({
    info: m.info,
    parts: m.parts.map((p) =>
      p.type !== "tool"
        ? p
        : {
            ...p,
            state: {
              ...p.state,
              input: { ...p.state.input, content: "i".repeat(each) },
              output: "o".repeat(each),
              metadata: { ...p.state.metadata, output: "o".repeat(each >> 4) },
            },
          },
    ),
  }))
}

/** `messages` down to the user prompts and the last assistant message: the final answer only. */
export function answerOnly(messages) {
  const last = messages.findLast((m) => m.info.role === "assistant")
  return messages.filter((m) => m.info.role === "user" || m === last)
}

/**
 * µs from a child's idle event to its task completed, the child's messages being `big` for one
 * task and `small` for the next, alternating (`launchTask()` starts a task and resolves its id
 * and child session; `isCompleted(taskId)` checks the outcome, untimed). The idle starts the core's
 * check: `session.messages` through the host's SDK path, then the core's verdict.
 */
export async function messagesReplyRows(plugin, launchTask, isCompleted, big, small, { rounds, warmup }) {
  const finish = (messages) => async () => {
    const { taskId, child } = await launchTask()
    plugin.mock.messages.set(child, messages)
    const idle = { event: { id: "evt_idle", type: "session.idle", properties: { sessionID: child } } }
    const t0 = performance.now()
    plugin.hook(idle)
    await settle()
    const ms = performance.now() - t0
    if (!(await isCompleted(taskId))) fail(`task ${taskId} did not complete from its messages`)
    return ms
  }
  const t = await alternate(finish(big), finish(small), { rounds, warmup })
  const bigUs = median(t.a) * 1000
  const smallUs = median(t.b) * 1000
  return { bigUs, smallUs, ratio: bigUs / smallUs }
}
