// Minimal host for the benchmark: the WIT `host` imports in jco's JS shape, recording just enough
// to drive a task to `running` and to check what happened. Not the plugin's host.

/** A clock the checks can pin; otherwise wall time. */
export function createClock() {
  let pinned = null;
  return {
    now: () => (pinned === null ? Date.now() : pinned),
    pin(ms) { pinned = ms; },
    unpin() { pinned = null; },
  };
}

/**
 * The host imports for a jco-transpiled component (u64 -> BigInt, f64 -> number, list<u8> -> Uint8Array,
 * variant -> {tag, val}). `calls` queues SDK requests: they must be answered after the export
 * call that made them returns (answering inside the import would re-enter the component).
 */
export function createJcoHost(clock) {
  const rec = { calls: [], timers: 0, interests: new Map(), settled: [], persists: 0, toasts: 0, logs: [] };
  const imports = {
    nowMs: () => clock.now(),
    randomBytes: (len) => {
      const b = new Uint8Array(len);
      globalThis.crypto.getRandomValues(b);
      return b;
    },
    call: (id, request) => { rec.calls.push({ id, tag: request.tag, val: request.val }); },
    setTimer: () => { rec.timers++; },
    setInterest: (sessionId, interest) => { rec.interests.set(sessionId, interest); },
    taskSettled: (taskId) => { rec.settled.push(taskId); },
    persist: () => { rec.persists++; },
    showToast: () => { rec.toasts++; },
    log: (level, message) => { rec.logs.push(`${level}: ${message}`); },
  };
  return { imports, rec };
}

/** The answer a real OpenCode server would give to each SDK request the core makes. */
export function replyFor(tag, childSession, parentSession) {
  switch (tag) {
    case 'create-session':
      return JSON.stringify({ id: childSession, parentID: parentSession, title: 'bench', time: { created: Date.now() } });
    // The launch checks its parent (a root session) and the agent it names (a subagent).
    case 'get-session':
      return JSON.stringify({ id: parentSession, title: 'parent', time: { created: Date.now() } });
    case 'list-agents':
      return JSON.stringify([
        { name: 'build', mode: 'primary', permission: [] },
        { name: 'general', mode: 'subagent', permission: [] },
      ]);
    case 'session-status':
      return '{}';
    case 'session-messages':
      return '[]';
    case 'abort-session':
      return 'true';
    default:
      return '{}';
  }
}
