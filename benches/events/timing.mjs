// Timing helpers of the event benchmark: medians, and two competitors timed in alternating rounds
// in one process (so drift, GC and a busy neighbour hit both alike); and how a functional check
// fails (then the figures around it mean nothing, and the run exits non-zero).

/** Lets every microtask and the event loop's next check phase run: SDK replies started by the
 * events just handled come back before this resolves (the mock client answers at once). */
export const settle = () => new Promise((resolve) => setImmediate(resolve))

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

/**
 * Times `a` and `b` (async functions of the round number returning a duration in ms) in
 * alternating order, `warmup` rounds first (not kept). Returns each one's round durations.
 */
export async function alternate(a, b, { rounds, warmup }) {
  const times = { a: [], b: [] }
  for (let r = 0; r < warmup + rounds; r++) {
    const order =
      r % 2
        ? [
            ["b", b],
            ["a", a],
          ]
        : [
            ["a", a],
            ["b", b],
          ]
    for (const [key, f] of order) {
      const ms = await f(r)
      if (r >= warmup) times[key].push(ms)
    }
  }
  return times
}

/** Runs `f` once and returns how long it took, in ms (its result is thrown away). */
export async function timed(f) {
  const t0 = performance.now()
  await f()
  return performance.now() - t0
}

/** Resolves when `count()` reaches `n`, checking after every macrotask (no fixed sleep). */
export async function until(count, n, { timeoutMs = 120_000, what = "a condition" } = {}) {
  const end = Date.now() + timeoutMs
  while (count() < n) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what} (${count()} of ${n})`)
    await new Promise((resolve) => setTimeout(resolve, 1))
  }
}

/** A functional check failed: the benchmark stops (run.mjs reports it and exits non-zero). */
export function fail(message) {
  throw new Error(`FUNCTIONAL: ${message}`)
}
