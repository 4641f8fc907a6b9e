// Loads one JS binding of the core, drives a task to `running`, and exposes the calls the
// benchmark times. Bindings:
//   jco-1.35-inst, jco-1.10-inst  `jco transpile --instantiation async` (host imports passed in)
//   jco-1.35-esm,  jco-1.10-esm   `jco transpile --map host=../host-esm.mjs` (ESM, wasm read at import)
//   wbg                           a wasm-bindgen build of the same core (one-off; WBG_DIR=<dir of
//                                 the `web` target output>, see wbg/build.sh)
import { readFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createClock, createJcoHost, replyFor } from './host.mjs';
import { CHILD_SESSION, PARENT_SESSION } from './events.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const NAME = 'background_agent';

export const JCO_BINDINGS = ['jco-1.35-inst', 'jco-1.35-esm', 'jco-1.10-inst', 'jco-1.10-esm'];

export function bindingDir(binding) {
  if (binding === 'wbg') {
    if (!process.env.WBG_DIR) throw new Error('binding wbg needs WBG_DIR (see wbg/build.sh)');
    return process.env.WBG_DIR;
  }
  return join(HERE, `out-${binding}`);
}

/** Size of the JS a host would ship for this binding (the generated glue only). */
export function glueSize(binding) {
  const file = join(bindingDir(binding), binding === 'wbg' ? 'background_agent_wbg.js' : `${NAME}.js`);
  const text = readFileSync(file);
  return { bytes: text.length, gzip: gzipSync(text, { level: 9 }).length };
}

const ms = () => performance.now();

/**
 * Loads `binding` and returns { timings, ops, clock, info }. `timings` (ms): import (JS glue
 * parse/evaluate), compile (read + WebAssembly.compile), instantiate, create (Manager.create),
 * total. For the ESM bindings the generated module reads, compiles and instantiates during its
 * import, so `import` holds all three.
 */
export async function load(binding) {
  const clock = createClock();
  if (binding === 'wbg') return loadWbg(clock);
  const dir = bindingDir(binding);
  const { imports, rec } = createJcoHost(clock);
  const t = {};
  let manager;
  // The ESM outputs share one host-esm.mjs instance: (re)install this binding's host before use.
  let activate = () => {};
  const t0 = ms();
  if (binding.endsWith('-esm')) {
    const hostModule = await import(pathToFileURL(join(HERE, 'host-esm.mjs')).href);
    activate = () => hostModule.useHost(imports);
    activate();
    const mod = await import(pathToFileURL(join(dir, `${NAME}.js`)).href);
    t.import = ms() - t0;
    t.compile = 0;
    t.instantiate = 0;
    manager = mod.manager;
  } else {
    const mod = await import(pathToFileURL(join(dir, `${NAME}.js`)).href);
    const t1 = ms();
    t.import = t1 - t0;
    const modules = new Map();
    for (const file of [`${NAME}.core.wasm`, `${NAME}.core2.wasm`, `${NAME}.core3.wasm`]) {
      modules.set(file, await WebAssembly.compile(await readFile(join(dir, file))));
    }
    const t2 = ms();
    t.compile = t2 - t1;
    // jco reads the unversioned key; its .d.ts names the versioned one: pass both.
    const root = await mod.instantiate((file) => modules.get(file), {
      'opencode:background-agent/host': imports,
      'opencode:background-agent/host@0.1.0': imports,
      'opencode:background-agent/types': {},
      'opencode:background-agent/types@0.1.0': {},
    });
    t.instantiate = ms() - t2;
    manager = root.manager;
  }
  const t3 = ms();
  const m = manager.Manager.create('{}', undefined);
  t.create = ms() - t3;
  t.total = ms() - t0;

  // Launch one task and answer its SDK calls (create-session, then prompt) so it runs.
  const pump = () => {
    for (let guard = 0; rec.calls.length > 0 && guard < 100; guard++) {
      const c = rec.calls.shift();
      m.complete(c.id, { tag: 'ok', val: replyFor(c.tag, CHILD_SESSION, PARENT_SESSION) });
    }
  };
  const { task } = m.launch({
    parentSessionId: PARENT_SESSION,
    parentAgent: 'build',
    description: 'boundary benchmark',
    prompt: 'Read src/ and summarise the state machine.',
    agent: 'general',
    fallback: [],
  });
  pump();

  const ops = {
    activate,
    typedDelta: (e) => {
      const p = e.properties;
      m.handleEvent({ tag: 'part-delta', val: p.sessionID });
    },
    // The core reads only the session id of a delta: what crossing just that one would cost.
    typedSessionOnly: (e) => {
      m.handleEvent({ tag: 'part-delta', val: e.properties.sessionID });
    },
    jsonEvent: (e) => {
      m.handleEvent({ tag: 'session', val: { eventType: e.type, sessionId: e.properties.sessionID, properties: JSON.stringify(e.properties) } });
    },
    // Not available through the component: see wbg.
    deltaParsed: null,
    // The component exports only what the plugin calls: the task's status is the one the
    // `background_output` reply's title names ("<description> (<status>)"); its activity time
    // does not cross the boundary (the Rust scenario suites check that events move it).
    task: () => ({ status: /\((\w+)\)$/.exec(m.outputText(PARENT_SESSION, task.id).title)?.[1] }),
    activityObservable: false,
    // The core logs every malformed event it drops.
    malformed: () => rec.logs.filter((l) => /malformed/.test(l)).length,
    pendingCalls: () => rec.calls.length,
    logs: () => rec.logs,
  };
  return { timings: t, ops, clock };
}

async function loadWbg(clock) {
  const dir = bindingDir('wbg');
  const calls = [];
  const logs = [];
  const host = {
    nowMs: () => clock.now(),
    call: (id, kind) => { calls.push({ id, kind }); },
    effect: () => {},
    log: (level, message) => { logs.push(`${level}: ${message}`); },
  };
  const t = {};
  const t0 = ms();
  const mod = await import(pathToFileURL(join(dir, 'background_agent_wbg.js')).href);
  const t1 = ms();
  t.import = t1 - t0;
  const module = await WebAssembly.compile(await readFile(join(dir, 'background_agent_wbg_bg.wasm')));
  const t2 = ms();
  t.compile = t2 - t1;
  mod.initSync({ module });
  t.instantiate = ms() - t2;
  const t3 = ms();
  const m = new mod.BenchManager('{}', host);
  t.create = ms() - t3;
  t.total = ms() - t0;

  const entropy = new Uint8Array(16);
  globalThis.crypto.getRandomValues(entropy);
  m.launch(PARENT_SESSION, 'boundary benchmark', 'Read src/ and summarise the state machine.', 'general', entropy);
  for (let guard = 0; calls.length > 0 && guard < 100; guard++) {
    const c = calls.shift();
    m.completeOk(c.id, replyFor(c.kind, CHILD_SESSION, PARENT_SESSION));
  }
  const ops = {
    activate: () => {},
    typedDelta: (e) => {
      const p = e.properties;
      m.handlePartDelta(p.sessionID, p.messageID, p.partID);
    },
    typedSessionOnly: (e) => {
      m.handlePartDelta(e.properties.sessionID, '', '');
    },
    jsonEvent: (e) => {
      m.handleSession(e.type, e.properties.sessionID, JSON.stringify(e.properties));
    },
    // "JSON everywhere", complete: the core parses the delta's properties with serde.
    deltaParsed: (e) => {
      m.handleDeltaJson(JSON.stringify(e.properties));
    },
    task: () => {
      const status = m.status(CHILD_SESSION);
      return status && { status, lastActivityAt: m.lastActivityAt(CHILD_SESSION) };
    },
    malformed: () => m.malformed(),
    pendingCalls: () => calls.length,
    logs: () => logs,
  };
  return { timings: t, ops, clock };
}
