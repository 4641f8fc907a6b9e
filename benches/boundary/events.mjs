// The events the benchmark feeds, shaped like OpenCode 1.18.x bus events as the plugin's `event`
// hook receives them (an object: the host holds `properties` as a JS object, not as text).

export const PARENT_SESSION = 'ses_4f1c2a9b7e3d6f80aa21bc3e9d';
// The child session of the task the benchmark launches: every event targets a RUNNING task, so
// the core does its real work (look-up by session id + activity update) on each call.
export const CHILD_SESSION = 'ses_child';

const CHUNK = ' the handler reads the config once, then streams each chunk to the parent session while the';
// BENCH_DELTA_BYTES=N makes the streamed text N bytes (how the JSON forms scale with chunk size).
const deltaBytes = Number(process.env.BENCH_DELTA_BYTES ?? 0);
const deltaText = deltaBytes > 0 ? CHUNK.repeat(Math.ceil(deltaBytes / CHUNK.length)).slice(0, deltaBytes) : CHUNK;

/** `message.part.delta`: one streamed chunk of assistant text (~300 bytes as JSON). */
export const partDelta = {
  id: 'evt_9c41d7e2a05b38f6c1e4d2a7b9',
  type: 'message.part.delta',
  properties: {
    sessionID: CHILD_SESSION,
    messageID: 'msg_9c41d5f0e001Kq7ZrV3mXwP2aB',
    partID: 'prt_9c41d5f0f002Lr8AsW4nYxQ3cD',
    field: 'text',
    delta: deltaText,
  },
};

/** `session.status` with a busy status: the common non-delta event of a running child. */
export const statusBusy = {
  id: 'evt_9c41d7e2a05c11a0d5f3e6b8c2',
  type: 'session.status',
  properties: {
    sessionID: CHILD_SESSION,
    status: { type: 'busy' },
  },
};

export const eventBytes = (e) => Buffer.byteLength(JSON.stringify(e));
