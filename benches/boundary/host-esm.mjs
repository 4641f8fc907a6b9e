// The `opencode:background-agent/host` module for jco's ESM output (`--map ...=../host-esm.mjs`):
// named exports that forward to whichever host `useHost` installed before the import.
let h = null;
export function useHost(imports) { h = imports; }

export const nowMs = () => h.nowMs();
export const randomBytes = (len) => h.randomBytes(len);
export const call = (id, request) => h.call(id, request);
export const setTimer = (at) => h.setTimer(at);
export const setInterest = (sessionId, interest) => h.setInterest(sessionId, interest);
export const taskSettled = (taskId) => h.taskSettled(taskId);
export const persist = (snapshot) => h.persist(snapshot);
export const showToast = (toast) => h.showToast(toast);
export const log = (level, message) => h.log(level, message);
