// Differential check: one deterministic scenario through every jco output given on the command
// line; the results and the host calls must be identical (a jco upgrade must not change what the
// plugin sees). Exit 1 on any difference.
//   node|bun same-behaviour.mjs out-jco-1.35-inst out-jco-1.10-inst
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const NAME = 'background_agent';
const show = (v) => JSON.stringify(v, (_, x) => (typeof x === 'bigint' ? `${x}n` : x instanceof Uint8Array ? `u8[${x.length}]` : x));

async function scenario(dir) {
  let now = 1_800_000_000_000;
  const seen = [];
  const pending = [];
  const host = {
    nowMs: () => now,
    randomBytes: (n) => new Uint8Array(n).fill(7),
    call: (id, request) => { seen.push(['call', id, request]); pending.push([id, request]); },
    setTimer: (at) => seen.push(['set-timer', at]),
    setInterest: (session, interest) => seen.push(['set-interest', session, interest]),
    taskSettled: (id) => seen.push(['task-settled', id]),
    persist: (snapshot) => seen.push(['persist', snapshot.length]),
    showToast: (toast) => seen.push(['show-toast', toast]),
    log: (level, message) => seen.push(['log', level, message]),
  };
  const mod = await import(pathToFileURL(join(dir, `${NAME}.js`)).href);
  const modules = {};
  for (const f of [`${NAME}.core.wasm`, `${NAME}.core2.wasm`, `${NAME}.core3.wasm`]) {
    modules[f] = await WebAssembly.compile(await readFile(join(dir, f)));
  }
  const root = await mod.instantiate((f) => modules[f], {
    'opencode:background-agent/host': host,
    'opencode:background-agent/types': {},
  });
  const { Manager } = root.manager;
  const out = [];
  const attempt = (label, fn) => {
    try {
      out.push([label, fn()]);
    } catch (e) {
      out.push([label, 'threw', e.constructor.name, e.payload]);
    }
  };
  const answer = () => {
    while (pending.length) {
      const [id, request] = pending.shift();
      now += 10;
      m.complete(id, { tag: 'ok', val: request.tag === 'create-session' ? '{"id":"ses_c"}' : '{}' });
    }
  };
  attempt('create, bad config', () => Manager.create('{"nope":1}', undefined));
  const m = Manager.create('{"defaultConcurrency":1}', undefined);
  const model = { providerId: 'prov', modelId: 'mod' };
  const first = m.launch({ parentSessionId: 'ses_p', description: 'd1', prompt: 'p1', agent: 'general', model, fallback: [] });
  out.push(['launch', first]);
  attempt('launch, queued', () => m.launch({ parentSessionId: 'ses_p', description: 'd2', prompt: 'p2', agent: 'general', model, fallback: [] }));
  attempt('launch, refused', () => m.launch({ parentSessionId: '', description: 'd', prompt: 'p', agent: 'x', fallback: [] }));
  answer();
  m.handleEvent({ tag: 'part-delta', val: 'ses_c' });
  m.handleEvent({ tag: 'session', val: { eventType: 'session.status', sessionId: 'ses_c', properties: '{"status":{"type":"busy"}}' } });
  m.handleEvent({ tag: 'session', val: { eventType: 'session.status', sessionId: 'ses_c', properties: '{' } });
  out.push(['output', m.outputText('ses_p', first.task.id)]);
  out.push(['list', m.listText('ses_p', { offset: 0 })]);
  attempt('cancel', () => m.cancel('ses_p', first.task.id, { abortSession: true, notifyParent: false }));
  attempt('cancel, refused', () => m.cancel('ses_other', first.task.id, { abortSession: true, notifyParent: true }));
  answer();
  now += 100_000;
  m.onTimer();
  answer();
  out.push(['injection', m.takeInjection('ses_p'), m.compactionContext('ses_p')]);
  m.shutdown();
  return show({ out, seen });
}

const dirs = process.argv.slice(2).map((d) => resolve(d));
if (dirs.length < 2) {
  console.error('usage: same-behaviour.mjs <jco out dir> <jco out dir> ...');
  process.exit(2);
}
const results = [];
for (const d of dirs) results.push(await scenario(d));
const runtime = typeof Bun !== 'undefined' ? `bun ${Bun.version}` : `node ${process.versions.node}`;
const differs = results.findIndex((r) => r !== results[0]);
if (differs > 0) {
  console.log(`${runtime}: ${dirs[differs]} behaves differently from ${dirs[0]}:`);
  console.log(results[0]);
  console.log(results[differs]);
  process.exit(1);
}
console.log(`${runtime}: same results and host calls from ${dirs.length} jco outputs (${results[0].length} chars)`);
