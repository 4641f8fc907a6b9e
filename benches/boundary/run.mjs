// Runs bench.mjs in fresh processes (Node and Bun, one after the other) and prints the tables.
//   node run.mjs [--runtimes=node,bun] [--bindings=jco-1.35-inst,...] [--call-bindings=...] [--repeat=2]
//                [--load-runs=5] [--detail] [--json=FILE]
// The wasm-bindgen binding joins when WBG_DIR is set (see wbg/build.sh).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JCO_BINDINGS, bindingDir, glueSize } from './bindings.mjs';
import { eventBytes, partDelta, statusBusy } from './events.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const args = Object.fromEntries(
  process.argv.slice(2).map((a) => {
    const [k, v] = a.replace(/^--/, '').split('=');
    return [k, v ?? true];
  }),
);
const runtimes = String(args.runtimes ?? 'node,bun').split(',');
const defaultBindings = [...JCO_BINDINGS, ...(process.env.WBG_DIR ? ['wbg'] : [])];
const bindings = args.bindings ? String(args.bindings).split(',') : defaultBindings;
// Per call, the ESM outputs run the very same lowering code as the --instantiation ones (only the
// host import goes through one more forwarding function): timed only on request.
const callBindings = args['call-bindings']
  ? String(args['call-bindings']).split(',')
  : bindings.filter((b) => !b.endsWith('-esm'));
const repeat = Number(args.repeat ?? 2);
const loadRuns = Number(args['load-runs'] ?? 5);

const exe = {
  node: process.execPath,
  bun: join(HERE, 'node_modules', '.bin', 'bun'),
};
for (const r of runtimes) {
  if (!exe[r]) throw new Error(`unknown runtime ${r}`);
  if (r === 'bun' && !existsSync(exe.bun)) throw new Error('bun missing: npm ci in benches/boundary');
}
for (const b of new Set([...bindings, ...callBindings])) {
  if (!existsSync(bindingDir(b))) throw new Error(`binding ${b}: ${bindingDir(b)} missing (scripts/bench boundary transpiles it)`);
}

function run(runtime, argv) {
  const p = spawnSync(exe[runtime], [join(HERE, 'bench.mjs'), ...argv], { encoding: 'utf8', env: process.env, maxBuffer: 1 << 24 });
  if (p.status !== 0) throw new Error(`${runtime} bench.mjs ${argv.join(' ')} failed (${p.status}):\n${p.stderr}`);
  const line = p.stdout.trim().split('\n').pop();
  return JSON.parse(line);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// ---------------------------------------------------------------- measure
const loadBefore = loadavg()[0];
const callRuns = []; // { runtime, run, results }
const loads = []; // { runtime, binding, timings, ok }
for (const runtime of runtimes) {
  for (let r = 1; r <= repeat; r++) {
    // Alternate the order so no binding always runs first (or last) in its process.
    const order = r % 2 ? callBindings : [...callBindings].reverse();
    process.stderr.write(`[${runtime}] per-call run ${r}/${repeat}: ${order.join(', ')}\n`);
    const out = run(runtime, ['calls', order.join(',')]);
    callRuns.push({ runtime: out.runtime, run: r, config: out.config, results: out.results });
  }
  process.stderr.write(`[${runtime}] load time: ${loadRuns * repeat} fresh processes per binding\n`);
  for (let i = 0; i < loadRuns * repeat; i++) {
    for (const b of bindings) {
      const out = run(runtime, ['load', b]);
      loads.push({ runtime: out.runtime, binding: b, timings: out.timings, ok: out.ok });
    }
  }
}

const loadAfter = loadavg()[0];

// ---------------------------------------------------------------- report
const CASES = [
  ['typedDelta', 'typed delta'],
  ['typedSessionOnly', 'typed, sid only'],
  ['jsonDelta', 'delta as JSON'],
  ['deltaParsed', 'delta JSON+serde'],
  ['jsonStatus', 'status as JSON'],
];
const fmtUs = (us) => (us < 0.1 ? us.toFixed(3) : us < 10 ? us.toFixed(2) : us.toFixed(1));
const fmtRate = (perSec) => (perSec >= 1e6 ? `${(perSec / 1e6).toFixed(1)}M` : `${Math.round(perSec / 1e3)}k`);
const fmtX = (x) => (x >= 10 ? x.toFixed(0) : x.toFixed(1));
const range = (xs, f) => {
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return f(lo) === f(hi) ? f(lo) : `${f(lo)}-${f(hi)}`;
};
const pad = (s, n) => String(s).padEnd(n);

const errors = [];
// Per run: the baseline is the faster of the two plain-JS passes (the first pass of a fresh
// process is often still warming up); each binding is divided by it.
const rows = []; // { runtime, run, binding, case, us, perSec, x }
for (const cr of callRuns) {
  const base = {};
  const passes = cr.results.filter((x) => x.binding === 'plain-js');
  for (const [c] of CASES) base[c] = Math.min(...passes.map((p) => p.cases[c].us));
  for (const res of cr.results) {
    for (const e of res.checks.errors) {
      if (res.binding !== 'plain-js' || !errors.includes(e)) errors.push(`${cr.runtime} ${res.binding}: ${e}`);
    }
    if (res.binding === 'plain-js' && res.pass === 2) continue;
    for (const [c] of CASES) {
      const m = res.cases[c];
      if (!m) continue;
      const us = res.binding === 'plain-js' ? base[c] : m.us;
      rows.push({ runtime: cr.runtime, run: cr.run, binding: res.binding, case: c, us, perSec: 1e6 / us, x: us / base[c], drift: passes.map((p) => p.cases[c].us) });
    }
  }
}

const labels = { 'plain-js': 'plain JS', wbg: 'wasm-bindgen' };
const runtimeNames = [...new Set(callRuns.map((c) => c.runtime))];
const cfg = callRuns[0]?.config ?? {};
console.log(`\nmanager.handle-event, per call: median of ${cfg.rounds} rounds of <= ${cfg.maxCalls} calls / ${cfg.maxMs} ms after ${cfg.warmup} warm-up calls;`);
console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? '?'}; 1-min load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after.`);
console.log(`${repeat} fresh process(es) per runtime (ranges are across them); Nx = median of binding / plain JS of the same process.`);
console.log(`events: message.part.delta ${eventBytes(partDelta)} B, session.status ${eventBytes(statusBusy)} B as JSON; JSON cases include JSON.stringify(properties).`);
const W = 20;
console.log(`\n${pad('runtime', 14)}${pad('binding', 15)}${CASES.map(([, l]) => pad(l, W)).join('')}`);
for (const rt of runtimeNames) {
  for (const b of ['plain-js', ...callBindings]) {
    const cells = CASES.map(([c]) => {
      const rs = rows.filter((r) => r.runtime === rt && r.binding === b && r.case === c);
      if (!rs.length) return pad('-', W);
      const us = range(rs.map((r) => r.us), fmtUs);
      const x = b === 'plain-js' ? '' : ` ${fmtX(median(rs.map((r) => r.x)))}x`;
      return pad(`${us}us${x}`, W);
    });
    console.log(`${pad(rt, 14)}${pad(labels[b] ?? b, 15)}${cells.join('')}`);
  }
}

if (args.detail) {
  console.log(`\n${pad('runtime', 14)}${pad('run', 4)}${pad('binding', 15)}${CASES.map(([, l]) => pad(l, 27)).join('')}`);
  for (const cr of callRuns) {
    for (const b of ['plain-js', ...callBindings]) {
      const cells = CASES.map(([c]) => {
        const r = rows.find((x) => x.runtime === cr.runtime && x.run === cr.run && x.binding === b && x.case === c);
        return pad(r ? `${fmtUs(r.us)}us ${fmtRate(r.perSec)}/s ${b === 'plain-js' ? '' : `${fmtX(r.x)}x`}` : '-', 27);
      });
      console.log(`${pad(cr.runtime, 14)}${pad(cr.run, 4)}${pad(labels[b] ?? b, 15)}${cells.join('')}`);
    }
  }
} else {
  console.log('\ncalls/s (median run):');
  for (const rt of runtimeNames) {
    const parts = [];
    for (const b of ['plain-js', ...callBindings]) {
      const rs = rows.filter((r) => r.runtime === rt && r.binding === b && r.case === 'typedDelta');
      const rj = rows.filter((r) => r.runtime === rt && r.binding === b && r.case === 'jsonStatus');
      if (rs.length) parts.push(`${labels[b] ?? b} ${fmtRate(median(rs.map((r) => r.perSec)))}/${fmtRate(median(rj.map((r) => r.perSec)))}`);
    }
    console.log(`  ${rt} (typed delta / status JSON): ${parts.join(', ')}`);
  }
}

console.log(`\nload: read + compile + instantiate + Manager.create, median of ${loadRuns * repeat} fresh processes (ms); glue = generated JS`);
console.log(`${pad('runtime', 14)}${pad('binding', 15)}${pad('glue KB (gz)', 15)}${pad('wasm KB', 9)}${pad('total ms', 10)}import / compile / instantiate / create`);
for (const rt of runtimeNames) {
  for (const b of bindings) {
    const ls = loads.filter((l) => l.runtime === rt && l.binding === b);
    if (!ls.length) continue;
    if (ls.some((l) => !l.ok)) errors.push(`${rt} ${b}: load did not reach a running task`);
    const g = glueSize(b);
    const wasmFile = b === 'wbg' ? 'background_agent_wbg_bg.wasm' : 'background_agent.core.wasm';
    const wasmKb = statSync(join(bindingDir(b), wasmFile)).size / 1024;
    const t = (k) => median(ls.map((l) => l.timings[k]));
    const split = b.endsWith('-esm') ? `${t('import').toFixed(1)} (all three in the import) / ${t('create').toFixed(1)}` : `${t('import').toFixed(1)} / ${t('compile').toFixed(1)} / ${t('instantiate').toFixed(1)} / ${t('create').toFixed(1)}`;
    console.log(`${pad(rt, 14)}${pad(labels[b] ?? b, 15)}${pad(`${(g.bytes / 1024).toFixed(1)} (${(g.gzip / 1024).toFixed(1)})`, 15)}${pad(wasmKb.toFixed(0), 9)}${pad(`${t('total').toFixed(1)} (${range(ls.map((l) => l.timings.total), (v) => v.toFixed(0))})`, 10 + 8)}${split}`);
  }
}

if (args.json) {
  writeFileSync(String(args.json), JSON.stringify({ date: new Date().toISOString(), machine: { cpus: cpus().length, model: cpus()[0]?.model, loadBefore, loadAfter }, callRuns, loads }, null, 1));
  console.log(`\nraw results: ${args.json}`);
}
if (errors.length) {
  console.log(`\nCHECK FAILURES:\n  ${[...new Set(errors)].join('\n  ')}`);
  process.exit(1);
}
console.log('\nchecks: every binding drove a task to running; typed delta and session.status moved lastActivityAt (plain JS, wasm-bindgen: the component does not export it); no malformed events, logs or SDK calls during timing.');
