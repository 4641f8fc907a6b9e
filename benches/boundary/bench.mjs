// One measurement process (run by run.mjs, or by hand). Prints one JSON object on stdout.
//   node|bun bench.mjs load <binding>          load time of one binding in a fresh process
//   node|bun bench.mjs calls <b1,b2,...>       per-call cost: plain-JS baseline, each binding,
//                                              plain-JS baseline again (drift check)
// Env: BENCH_WARMUP (5000), BENCH_MAX_CALLS (200000 per round), BENCH_MAX_MS (1000 per round),
//      BENCH_ROUNDS (3; the median round is reported).
import { load } from './bindings.mjs';
import { createClock } from './host.mjs';
import { CHILD_SESSION, partDelta, statusBusy } from './events.mjs';

const WARMUP = Number(process.env.BENCH_WARMUP ?? 5000);
const MAX_CALLS = Number(process.env.BENCH_MAX_CALLS ?? 200000);
const MAX_MS = Number(process.env.BENCH_MAX_MS ?? 1000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BATCH = 500;

const runtime = typeof Bun !== 'undefined' ? `bun ${Bun.version}` : `node ${process.versions.node}`;

/** Bounded timing loop: warm-up, then ROUNDS rounds of at most MAX_CALLS calls or MAX_MS each. */
function measure(fn, arg) {
  for (let i = 0; i < WARMUP; i++) fn(arg);
  const rounds = [];
  for (let r = 0; r < ROUNDS; r++) {
    let n = 0;
    const t0 = performance.now();
    let t = t0;
    while (n < MAX_CALLS && t - t0 < MAX_MS) {
      for (let i = 0; i < BATCH; i++) fn(arg);
      n += BATCH;
      t = performance.now();
    }
    rounds.push({ calls: n, us: ((t - t0) * 1000) / n });
  }
  const sorted = [...rounds].sort((a, b) => a.us - b.us);
  const mid = sorted[Math.floor(sorted.length / 2)];
  return { us: mid.us, perSec: 1e6 / mid.us, calls: rounds.reduce((s, x) => s + x.calls, 0), rounds: rounds.map((x) => +x.us.toFixed(4)) };
}

/** Plain JS doing the equivalent work: session-id look-up + activity update; JSON round trip. */
function plainJs(clock) {
  const bySession = new Map();
  bySession.set(CHILD_SESSION, { id: 'bg_4c1d9e2a', status: 'running', progress: { lastActivityAt: undefined }, epoch: 0 });
  const touch = (sessionId) => {
    const t = bySession.get(sessionId);
    if (t !== undefined && t.status === 'running') {
      t.progress.lastActivityAt = clock.now();
      t.epoch++;
    }
  };
  const fromJson = (e) => {
    const p = JSON.parse(JSON.stringify(e.properties));
    if (e.type === 'session.status') {
      if (p.status.type !== 'idle') touch(p.sessionID);
    } else {
      touch(p.sessionID);
    }
  };
  return {
    activate: () => {},
    typedDelta: (e) => touch(e.properties.sessionID),
    typedSessionOnly: (e) => touch(e.properties.sessionID),
    jsonEvent: fromJson,
    deltaParsed: fromJson,
    task: () => {
      const t = bySession.get(CHILD_SESSION);
      return { status: t.status, lastActivityAt: t.progress.lastActivityAt };
    },
    malformed: () => 0,
    pendingCalls: () => 0,
    logs: () => [],
  };
}

/**
 * Functional checks: the task runs, and each event form moves (or not) its activity time, where
 * the binding can show that time (`activityObservable: false`: the shipped component cannot).
 */
function check(ops, clock) {
  const out = { errors: [] };
  const t = ops.task();
  if (!t || t.status !== 'running') out.errors.push(`task not running: ${JSON.stringify(t)}`);
  const observable = ops.activityObservable !== false;
  const moves = (name, fn, e, at) => {
    if (!fn || !observable) return undefined;
    clock.pin(at);
    fn(e);
    clock.unpin();
    return ops.task()?.lastActivityAt === at;
  };
  const base = 1_900_000_000_000;
  out.typedDeltaMoves = moves('typed', ops.typedDelta, partDelta, base + 1);
  out.typedSessionOnlyMoves = moves('typed, session id only', ops.typedSessionOnly, partDelta, base + 5);
  out.jsonStatusMoves = moves('status', ops.jsonEvent, statusBusy, base + 2);
  out.jsonDeltaMoves = moves('json delta', ops.jsonEvent, partDelta, base + 3);
  out.deltaParsedMoves = moves('parsed delta', ops.deltaParsed, partDelta, base + 4);
  if (!observable) return out;
  if (!out.typedDeltaMoves) out.errors.push('typed part-delta did not update lastActivityAt');
  if (!out.typedSessionOnlyMoves) out.errors.push('typed part-delta (session id only) did not update lastActivityAt');
  if (!out.jsonStatusMoves) out.errors.push('session.status busy did not update lastActivityAt');
  if (ops.deltaParsed && !out.deltaParsedMoves) out.errors.push('parsed JSON delta did not update lastActivityAt');
  return out;
}

function benchOne(name, ops, clock) {
  ops.activate();
  const checks = check(ops, clock);
  const logsBefore = ops.logs().length;
  const cases = {
    typedDelta: measure(ops.typedDelta, partDelta),
    typedSessionOnly: measure(ops.typedSessionOnly, partDelta),
    jsonDelta: measure(ops.jsonEvent, partDelta),
    jsonStatus: measure(ops.jsonEvent, statusBusy),
  };
  if (ops.deltaParsed) cases.deltaParsed = measure(ops.deltaParsed, partDelta);
  const after = ops.task();
  if (!after || after.status !== 'running') checks.errors.push('task no longer running after the run');
  if (ops.malformed() !== 0) checks.errors.push(`malformed events: ${ops.malformed()}`);
  if (ops.pendingCalls() !== 0) checks.errors.push(`unexpected SDK calls: ${ops.pendingCalls()}`);
  if (ops.logs().length !== logsBefore) checks.errors.push(`core logged during the run: ${ops.logs().slice(logsBefore, logsBefore + 3).join(' | ')}`);
  return { binding: name, cases, checks };
}

const [mode, arg] = process.argv.slice(2);
if (mode === 'load') {
  const { timings, ops } = await load(arg);
  const t = ops.task();
  const ok = t && t.status === 'running';
  console.log(JSON.stringify({ kind: 'load', runtime, binding: arg, timings, ok }));
} else if (mode === 'calls') {
  const bindings = (arg ?? '').split(',').filter(Boolean);
  const results = [];
  const clock = createClock();
  results.push({ ...benchOne('plain-js', plainJs(clock), clock), pass: 1 });
  for (const b of bindings) {
    const { ops, clock: c } = await load(b);
    results.push(benchOne(b, ops, c));
  }
  results.push({ ...benchOne('plain-js', plainJs(clock), clock), pass: 2 });
  const config = { warmup: WARMUP, maxCalls: MAX_CALLS, maxMs: MAX_MS, rounds: ROUNDS };
  console.log(JSON.stringify({ kind: 'calls', runtime, config, results }));
} else {
  console.error('usage: bench.mjs load <binding> | calls <binding,...>');
  process.exit(2);
}
