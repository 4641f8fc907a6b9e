// How often a trapped core may be restarted. The first trap restarts it at once; one that traps
// again soon waits longer each time (1 s, 2 s, 4 s, … up to a minute), and after `max` traps
// within `windowMs` it stays stopped with a clear error: a core that traps on every call, or on
// its own snapshot, never spins in a hot loop. A trap-free stretch as long as the window forgets
// the past ones.

/** What to do after a trap. */
export type AfterTrap = { kind: "restart" } | { kind: "wait"; ms: number } | { kind: "stop" }

export class TrapBudget {
  private times: number[] = []

  constructor(
    readonly max = 5,
    readonly windowMs = 60_000,
  ) {}

  /** Records a trap at `now`; says whether to restart now, after a wait, or not at all. */
  record(now: number): AfterTrap {
    this.times = [...this.times.filter((t) => now - t < this.windowMs), now]
    const recent = this.times.length
    if (recent >= this.max) return { kind: "stop" }
    if (recent === 1) return { kind: "restart" }
    return { kind: "wait", ms: Math.min(1_000 * 2 ** (recent - 2), 60_000) }
  }
}
