// `chat.message` (queued notices prepended to the parent's next user message), compaction context,
// and shutdown (plugin dispose or process exit, whichever comes first, once).
import type { Hooks } from "@opencode-ai/plugin"
import type { Part } from "@opencode-ai/sdk"
import type { Host } from "./host.js"
import type { Lease } from "./lease.js"
import type { Adoption } from "./ownership.js"
import type { StateStore } from "./state.js"

const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"

/**
 * A `prt_` id (12 hex digits of time*4096+counter, then 14 base62) that sorts just before the
 * message's first part: parts are ordered by id, and the notice must come before the user's text.
 */
export function partIdBefore(parts: readonly { id?: unknown }[]): string {
  const ids = parts
    .map((p) => p.id)
    .filter((id): id is string => typeof id === "string" && /^prt_[0-9a-f]{12}/.test(id))
  const first = ids.sort()[0]
  const time = first ? BigInt(`0x${first.slice(4, 16)}`) - 1n : BigInt(Date.now()) * 4096n
  const random = globalThis.crypto.getRandomValues(new Uint8Array(14))
  return `prt_${(time & 0xffffffffffffn).toString(16).padStart(12, "0")}${Array.from(random, (b) => BASE62[b % 62]).join("")}`
}

export function chatMessage(host: Host): NonNullable<Hooks["chat.message"]> {
  return async (input, output) => {
    try {
      // A prompt this plugin is sending (a notice, a task's prompt): never inject into our own.
      if (host.prompting.has(input.sessionID)) return
      const taken = host.core.run("take-injection", (m) => m.takeInjection(input.sessionID))
      if (!taken.ok || !taken.value) return
      const part = {
        id: partIdBefore(output.parts),
        sessionID: input.sessionID,
        messageID: output.message.id,
        type: "text",
        text: taken.value,
        synthetic: true,
      }
      output.parts.unshift(part as Part)
    } catch (e) {
      host.log("warn", `chat.message: ${e instanceof Error ? e.message : e}`)
    }
  }
}

export function compacting(host: Host): NonNullable<Hooks["experimental.session.compacting"]> {
  return async (input, output) => {
    try {
      const text = host.core.run("compaction-context", (m) => m.compactionContext(input.sessionID))
      if (text.ok && text.value) output.context.push(text.value)
    } catch (e) {
      host.log("warn", `compaction: ${e instanceof Error ? e.message : e}`)
    }
  }
}

/** One process `exit` listener for every plugin instance, there only while one is alive. */
const atExit = new Set<() => void>()
const onExit = () => atExit.forEach((f) => f())

/**
 * `opencode serve` stopped by a signal neither disposes plugins nor emits `exit`, so the
 * signals get the same treatment; then, unless someone else handles the signal, it is raised
 * again so the process still ends the way it would have.
 */
const SIGNALS = ["SIGTERM", "SIGINT", "SIGHUP"] as const
const onSignal = (signal: NodeJS.Signals) => {
  onExit()
  SIGNALS.forEach((s) => process.off(s, onSignal))
  if (process.listenerCount(signal) === 0) process.kill(process.pid, signal)
}
const listen = (on: boolean) => {
  if (on) {
    process.on("exit", onExit)
    SIGNALS.forEach((s) => process.on(s, onSignal))
  } else {
    process.off("exit", onExit)
    SIGNALS.forEach((s) => process.off(s, onSignal))
  }
}

/**
 * The manager shuts down once: on `dispose`, or on process exit (then the snapshot is written
 * synchronously). After the last state write (a dispose does not wait for the calls in flight
 * first), the files it made redundant go and the lease is released, so the next instance to
 * start may adopt the state at once. A process exit (or a
 * signal) while a dispose is still waiting for calls in flight finishes that dispose at once,
 * synchronously: otherwise the exit would leave the lease held and the newest snapshot unwritten.
 */
export function shutdown(
  host: Host,
  store: StateStore,
  lease: Lease,
  adoption: Adoption,
): NonNullable<Hooks["dispose"]> {
  let phase: "live" | "disposing" | "done" = "live"
  const begin = () => {
    phase = "disposing"
    host.core.run("shutdown", (m) => m.shutdown())
  }
  /** False once the process exited during the dispose (the exit finished it). */
  const stillDisposing = () => phase === "disposing"
  /** After the last state write: nothing more to do at exit, the adopted files go, the lease is free. */
  const end = () => {
    phase = "done"
    atExit.delete(exit)
    if (atExit.size === 0) listen(false)
    adoption.finishSync()
    lease.release()
  }
  const exit = () => {
    if (phase === "done") return
    store.holdForExit() // the shutdown's snapshot is written below, synchronously
    if (phase === "live") begin()
    if (host.core.lastSnapshot !== undefined) store.writeSync(host.core.lastSnapshot)
    end()
  }
  if (atExit.size === 0) listen(true)
  atExit.add(exit)
  return async () => {
    if (phase !== "live") return
    begin()
    // The shutdown's snapshot is the last (the core persists nothing after it): once it is on
    // disk the lease goes, so a process stopped while the calls below are still in flight
    // leaves its state adoptable at once, whatever becomes of its exit handlers.
    await store.flush()
    if (!stillDisposing()) return
    end()
    store.revoke()
    await host.stop(2_000)
    host.core.close()
  }
}
