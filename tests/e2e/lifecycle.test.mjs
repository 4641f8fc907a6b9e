// How a background task ends, end to end: a task whose agent OpenCode does not know, and the
// descendant budget of a session tree across turns. A real `opencode serve` loads the packed
// plugin (see background.test.mjs for the set-up and the style); each scenario asserts on
// OpenCode's own HTTP API, its /event stream and log, and the mock's request log.
//
//   tests/e2e/install-opencode && node --test tests/e2e/lifecycle.test.mjs
//   E2E_KEEP=1 ...         keep the temp dir (logs, DB, project, plugin state)
//
// One server, with maxDescendants 1 given as plugin options in opencode.json; every scenario uses
// its own parent session, i.e. its own session tree and budget.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { callTools, childSessions, diagnosedTest, launch, notices, stateTasks, startAgentStack } from './agent.mjs';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let current; // the stack of the running describe block, for failure diagnostics

/** test() whose failures carry the stack's log tails and the plugin's task table. */
const e2eTest = diagnosedTest(test, () => current);

// ---- helpers over one stack -----------------------------------------------------------------------

/**
 * Waits until the parent has `n` notices, the last of which started an assistant turn that has
 * ended (and the parent is idle); resolves {list, messages}.
 */
async function waitWokenBy(s, parentID, n, { timeoutMs = 20000, message = `${n} notice(s), the last one answered` } = {}) {
  const found = await s.waitFor(async () => {
    const messages = await s.messages(parentID);
    const list = notices(messages);
    const reply = list.length >= n ? messages[list.at(-1).index + 1] : undefined;
    return reply?.info.role === 'assistant' && reply.info.time.completed ? { list, messages } : null;
  }, { timeoutMs, intervalMs: 200, message: `${message} in ${parentID}` });
  await s.waitIdle(parentID, { timeoutMs: 10000 });
  return found;
}

/** Mock requests whose last user message is exactly `prompt` (a child's directive). */
const requestsFor = (s, prompt) => s.mockLog().filter((r) => r.kind === 'chat' && r.lastUser === prompt);

/** Mock requests answering one of this plugin's notices that names `id`. */
const noticeCallsFor = (s, id) => s.mockLog().filter((r) =>
  r.kind === 'chat' && /^\[(BACKGROUND TASK|ALL BACKGROUND)/.test(r.lastUser ?? '') && r.lastUser.includes(id));

/** The task in the plugin's snapshot once it has ended there (the snapshot is written debounced). */
function savedWhenEnded(s, id) {
  return s.waitFor(() => {
    const t = stateTasks(s).get(id);
    return t && !['pending', 'running'].includes(t.status) ? t : null;
  }, { timeoutMs: 5000, message: `${id} ended in the plugin state` });
}

/**
 * OpenCode's log lines for aborts of `sessionID`. OpenCode logs no HTTP requests, but every
 * `POST /session/:id/abort` (the plugin's client calls the server in-process) goes through
 * SessionPrompt.cancel, which logs `message=cancel session.id=<id>` once per call, busy or idle.
 */
function cancels(s, sessionID) {
  return s.serverLog().split('\n').filter((l) => l.includes(`message=cancel session.id=${sessionID}`));
}

// ---- the scenarios --------------------------------------------------------------------------------

describe('background agent with maxDescendants 1: how tasks end', { timeout: 150000 }, () => {
  let s;
  before(async () => {
    // Given as plugin options in opencode.json (`[plugin, {…}]`), like the concurrency limit.
    s = current = await startAgentStack({ pluginOptions: { maxDescendants: 1, minRuntimeMs: 300 } });
  }, { timeout: 600000 }); // the first call may build the component and pack the plugin
  after(async () => {
    await s?.stop();
  });

  e2eTest('9. an agent OpenCode does not know: the task ends interrupted naming the agent, its child is aborted once, one notice wakes the parent', { timeout: 45000 }, async () => {
    const parent = await s.createSession({ title: 'scenario 9' });
    const prompt = 'mock: text="scenario 9: never sent"';
    const [task] = await launch(s, parent.id, [{ description: 'ghost agent', agent: 'no-such-agent', prompt }]);
    const { list } = await waitWokenBy(s, parent.id, 1);

    // What OpenCode 1.18 answers: prompt_async takes the prompt (HTTP 204), then refuses it with a
    // session.error on the child (UnknownError `Agent not found: "no-such-agent". Available
    // agents: ...`); the child gets no message and the model is never asked.
    const kids = await childSessions(s, parent.id);
    assert.equal(kids.length, 1, `one child session (got ${kids.map((k) => k.title)})`);
    const [child] = kids;
    const refused = s.eventsOf('session.error', child.id).map((e) => e.properties.error?.data?.message ?? '');
    assert.ok(refused.some((m) => m.startsWith('Agent not found: "no-such-agent".')), `OpenCode's session.error for the child: ${JSON.stringify(refused)}`);
    assert.deepEqual(await s.messages(child.id), [], 'the child has no message');
    assert.deepEqual(requestsFor(s, prompt), [], 'the child prompt never reached the model');

    // Exactly one notice, and it woke the parent: one model call answered it. Nothing follows
    // (give coalescing and delivery time).
    await sleep(1500);
    const after = notices(await s.messages(parent.id));
    assert.deepEqual(after.map((n) => [n.index, n.woke]), [[list[0].index, true]], `notices: ${JSON.stringify(after.map((n) => n.text))}`);
    assert.equal(noticeCallsFor(s, task.id).length, 1, 'one model call for the notice');
    const notice = after[0].text;

    // The task ended interrupted, and its error names the agent: in the plugin state, in
    // background_output and in the notice.
    const saved = await savedWhenEnded(s, task.id);
    assert.equal(saved.status, 'interrupted', `the task in the plugin state: ${JSON.stringify(saved)}`);
    assert.ok(saved.error.includes('"no-such-agent"') && /not found/i.test(saved.error), saved.error);
    const [out] = (await callTools(s, parent.id, [['background_output', { task_id: task.id }]])).map((p) => p.output);
    assert.match(out, new RegExp(`\\| ${task.id} \\| ghost agent \\| no-such-agent \\| interrupted \\|`));
    assert.ok(out.endsWith(`The task ended as interrupted: ${saved.error}.`), out);
    assert.ok(notice.includes(`- ${task.id} "ghost agent": interrupted: ${saved.error}`), notice);

    // Its child was aborted exactly once.
    assert.equal(cancels(s, child.id).length, 1, `OpenCode's cancel log lines for the child: ${JSON.stringify(cancels(s, child.id))}`);

    // The notice's first line names the outcome, its second the batch (the core's batch header).
    assert.deepEqual(notice.split('\n').slice(0, 2), ['[BACKGROUND TASK INTERRUPTED]', '[ALL BACKGROUND TASKS FINISHED - 1 INTERRUPTED]'], notice);
  });

  e2eTest('10. a task that has finished still counts against maxDescendants: a launch in a later turn is refused, no child session is made', { timeout: 45000 }, async () => {
    const parent = await s.createSession({ title: 'scenario 10' });
    const [first] = await launch(s, parent.id, [{ description: 'first', prompt: 'mock: text="first: done"' }]);
    const { list } = await waitWokenBy(s, parent.id, 1);
    assert.deepEqual(list.map((n) => n.kind), ['ALL BACKGROUND TASKS COMPLETE']);
    assert.match(list[0].text, new RegExp(`${first.id} "first": completed`));
    assert.equal((await savedWhenEnded(s, first.id)).status, 'completed');
    assert.equal((await childSessions(s, parent.id)).length, 1);

    // A later turn of the same session: the model asks for a second task.
    const secondPrompt = 'mock: text="second: never sent"';
    const parts = await callTools(s, parent.id, [['background_task', { agent: 'general', description: 'second', prompt: secondPrompt }]]);
    assert.deepEqual(parts.map((p) => p.tool), ['background_task']);
    // A refusal is the tool's answer, a one-line error text (js-glue/src/tools.ts), not a tool error.
    assert.match(parts[0].output ?? '', /^Error: .*`maxDescendants`/, `the second launch: ${parts[0].status}: ${parts[0].output}`);

    // Nothing was started: no second child session, no task, no model request.
    await sleep(1000);
    assert.equal((await childSessions(s, parent.id)).length, 1, 'still one child session');
    assert.deepEqual([...stateTasks(s).values()].filter((t) => t.description === 'second'), []);
    assert.deepEqual(requestsFor(s, secondPrompt), []);
    const listed = (await callTools(s, parent.id, [['background_list', {}]]))[0].output;
    assert.ok(listed.includes(first.id) && !/\| second \|/.test(listed), listed);
  });
});
