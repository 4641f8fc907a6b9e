// The eight tools. Each maps its arguments to core calls and returns the core's text; a refused
// request is a one-line error text, never an exception. The caller is the tool call's session.
import { tool, type ToolContext, type ToolDefinition } from "@opencode-ai/plugin"
import type { Manager, Outcome } from "./core.js"
import type { Host } from "./host.js"

type Reply = ReturnType<Manager["listText"]>
type Result = { title: string; output: string; metadata: { taskId?: string; sessionId?: string } }

const z = tool.schema

function result(r: Outcome<Reply>, title: string): Result {
  if (!r.ok) return { title, output: `Error: ${r.error.replace(/\s*\n\s*/g, " ")}`, metadata: {} }
  const { output, taskId, sessionId } = r.value
  return { title: r.value.title, output, metadata: { taskId, sessionId } }
}

/** `provider/model` (the model id may itself contain `/`), nothing else. */
export function parseModel(text: string): { providerId: string; modelId: string } | undefined {
  const m = /^([^/\s]+)\/(\S*[^/\s])$/.exec(text.trim())
  return m ? { providerId: m[1]!, modelId: m[2]! } : undefined
}

/** The budget a tool's `max_*` arguments give (each limit absent when not given). */
function budgetOf(args: { max_tokens?: number; max_cost_usd?: number; max_minutes?: number }) {
  return {
    tokens: args.max_tokens === undefined ? undefined : BigInt(args.max_tokens),
    costUsd: args.max_cost_usd,
    minutes: args.max_minutes,
  }
}

export function tools(host: Host): Record<string, ToolDefinition> {
  const run = <T>(what: string, f: (m: Manager) => T): Outcome<T> => host.core.run(what, f)
  /** Two core calls (a request, then the text about its value); the first error wins. */
  const chain = <A>(first: (m: Manager) => A, then: (m: Manager, a: A) => Reply, what: string): Outcome<Reply> => {
    const a = run(what, first)
    return a.ok ? run(`${what}-text`, (m) => then(m, a.value)) : a
  }
  /** `background_output` with `view: "transcript"`: the core names what to read, then formats it. */
  const transcript = async (taskId: string, ctx: ToolContext): Promise<Result> => {
    const source = run("transcript-source", (m) => m.transcriptSource(ctx.sessionID, taskId))
    if (!source.ok) return result({ ok: false, error: source.error }, "background_output")
    const messages = await host.readTranscript(source.value.sessionId, source.value.limit)
    return result(
      run("transcript-text", (m) => m.transcriptText(ctx.sessionID, taskId, messages)),
      "background_output",
    )
  }
  return {
    background_task: tool({
      description:
        "Launch a sub-agent that works in the background in its own child session while you continue. Returns a task id at once. You are notified automatically when it finishes: do not poll. Use background_output to read its result.",
      args: {
        description: z.string().describe("A short (3-5 words) description of the task"),
        prompt: z
          .string()
          .describe("The complete instructions for the sub-agent; it sees nothing of this conversation"),
        agent: z.string().describe("The agent to run, e.g. general or explore"),
        model: z.string().optional().describe("Model as provider/model (default: the agent's model)"),
        fallback: z
          .array(z.string())
          .optional()
          .describe("Models (provider/model) to move to, in order, when the model fails with a retryable error"),
        max_tokens: z.number().int().min(1).optional().describe("Stop the task when a run has used this many tokens"),
        max_cost_usd: z.number().positive().optional().describe("Stop the task when a run has cost this many dollars"),
        max_minutes: z
          .number()
          .int()
          .min(1)
          .optional()
          .describe("Stop the task when a run has taken this many minutes"),
        after: z
          .array(z.string())
          .max(16)
          .optional()
          .describe(
            "Task ids (bg_...) that must end first: the task waits, then its prompt gets a digest of their results",
          ),
        on_failure: z
          .enum(["skip", "run"])
          .default("skip")
          .describe("When a task in `after` fails or is cancelled: skip (cancel this one too) or run anyway"),
      },
      async execute(args, ctx: ToolContext) {
        const model = args.model?.trim() ? parseModel(args.model) : undefined
        if (args.model?.trim() && !model) {
          return result(
            { ok: false, error: `\`model\` must be of the form provider/model, got "${args.model}"` },
            "background_task",
          )
        }
        const fallback = (args.fallback ?? []).map((text) => ({ text, model: parseModel(text) }))
        const badFallback = fallback.find((f) => !f.model)
        if (badFallback) {
          return result(
            {
              ok: false,
              error: `each \`fallback\` entry must be of the form provider/model, got "${badFallback.text}"`,
            },
            "background_task",
          )
        }
        const request = {
          parentSessionId: ctx.sessionID,
          parentMessageId: ctx.messageID,
          parentAgent: ctx.agent,
          description: args.description,
          prompt: args.prompt,
          agent: args.agent,
          model,
          fallback: fallback.flatMap((f) => (f.model ? [f.model] : [])),
          budget: budgetOf(args),
          after: args.after ?? [],
          onFailure: args.on_failure ?? "skip",
        }
        return result(
          run("launch", (m) => m.launch(request).receipt),
          "background_task",
        )
      },
    }),
    background_output: tool({
      description:
        "Get a background task's status, or its result once finished, one page at a time (the reply says how long the result is and how to read the next page). With block=true, wait until it finishes or timeout_ms passes.",
      args: {
        task_id: z.string().describe("The task id (bg_...), or its child session id (ses_...)"),
        block: z.boolean().default(false).describe("Wait for the task to finish"),
        timeout_ms: z.number().int().min(0).max(600_000).default(60_000).describe("How long to wait with block=true"),
        offset: z
          .number()
          .int()
          .min(0)
          .optional()
          .describe("Where the page of the result starts, in characters (default 0)"),
        max_chars: z
          .number()
          .int()
          .min(1)
          .max(100_000)
          .optional()
          .describe("How many characters of the result to show (default 20000, at most 100000)"),
        tail: z.boolean().optional().describe("Show the end of the result instead (its last max_chars characters)"),
        view: z
          .enum(["result", "transcript"])
          .optional()
          .describe(
            "transcript: what the sub-agent did (its texts, tool calls and errors, newest last) instead of its result",
          ),
      },
      async execute(args, ctx: ToolContext) {
        if (args.view === "transcript") return transcript(args.task_id, ctx)
        if (args.tail && args.offset !== undefined)
          return result({ ok: false, error: "give either `offset` or `tail`, not both" }, "background_output")
        const page = {
          start: args.tail ? { tag: "tail" as const } : { tag: "offset" as const, val: args.offset ?? 0 },
          maxChars: args.max_chars,
        }
        const output = () => run("output", (m) => m.outputText(ctx.sessionID, args.task_id, page))
        if (args.block) {
          const settled = run("settled", (m) => m.settled(ctx.sessionID, args.task_id))
          // Wake-ups come by task id: the reply names it when the call named the child session.
          const pending = settled.ok && !settled.value ? output() : undefined
          const taskId = pending?.ok ? pending.value.taskId : undefined
          if (taskId) await host.waitSettled(taskId, args.timeout_ms ?? 60_000, ctx.abort)
        }
        return result(output(), "background_output")
      },
    }),
    background_wait: tool({
      description:
        "Wait until background tasks finish, then get them all in one reply: a table (status, duration, tokens, cost) and each result's beginning. By default waits for every unfinished task of this session (and shows finished ones you were not told of yet). A result shown here is not announced again. Returns early when timeout_ms passes, saying how many still run.",
      args: {
        task_ids: z
          .array(z.string())
          .optional()
          .describe(
            "The tasks to wait for (bg_... or ses_..., at most 50); default: every unfinished one of this session",
          ),
        timeout_ms: z
          .number()
          .int()
          .min(0)
          .max(600_000)
          .default(300_000)
          .describe("How long to wait at most (default 300000, at most 600000)"),
      },
      async execute(args, ctx: ToolContext) {
        const targets = run("wait-targets", (m) => m.waitTargets(ctx.sessionID, args.task_ids ?? []))
        if (!targets.ok) return result({ ok: false, error: targets.error }, "background_wait")
        const deadline = Date.now() + (args.timeout_ms ?? 300_000)
        for (const id of targets.value) {
          // Checked and, if not settled, waited for in the same tick: no wake-up is missed.
          const settled = run("settled", (m) => m.settled(ctx.sessionID, id))
          if (!settled.ok || settled.value) continue
          const left = deadline - Date.now()
          if (left <= 0 || (await host.waitSettled(id, left, ctx.abort)) !== "settled") break
        }
        return result(
          run("wait-text", (m) => m.waitText(ctx.sessionID, targets.value)),
          "background_wait",
        )
      },
    }),
    background_cancel: tool({
      description: "Cancel a running or queued background task, or all of this session's tasks with all=true.",
      args: {
        task_id: z.string().optional().describe("The task id to cancel (bg_...), or its child session id (ses_...)"),
        all: z.boolean().optional().describe("Cancel every unfinished task of this session"),
      },
      async execute(args, ctx: ToolContext) {
        const options = { abortSession: true, notifyParent: false }
        if (args.all && args.task_id)
          return result({ ok: false, error: "give either `task_id` or `all`, not both" }, "background_cancel")
        if (args.all)
          return result(
            chain(
              (m) => m.cancelAll(ctx.sessionID, options),
              (m, l) => m.cancelText(l.map((t) => t.id)),
              "cancel-all",
            ),
            "background_cancel",
          )
        if (!args.task_id) return result({ ok: false, error: "give `task_id`, or `all: true`" }, "background_cancel")
        const id = args.task_id
        return result(
          chain(
            (m) => m.cancel(ctx.sessionID, id, options),
            (m, v) => m.cancelText([v.id]),
            "cancel",
          ),
          "background_cancel",
        )
      },
    }),
    background_list: tool({
      description:
        "List this session's background tasks with their status, oldest first, one page at a time (it says how many there are).",
      args: {
        offset: z.number().int().min(0).optional().describe("How many tasks to skip (default 0)"),
        limit: z.number().int().min(1).optional().describe("How many tasks to show (default 50, at most 200)"),
      },
      async execute(args, ctx: ToolContext) {
        const page = { offset: args.offset ?? 0, limit: args.limit }
        return result(
          run("list", (m) => m.listText(ctx.sessionID, page)),
          "background_list",
        )
      },
    }),
    background_message: tool({
      description:
        "Send a message to a background task's sub-agent. While it runs, the message joins its current work at the next step and its final answer will address it (use this to correct or redirect it). A finished task is continued in its session with the message, as background_resume does. You are notified when it finishes: do not poll.",
      args: {
        task_id: z.string().describe("The task id (bg_...), or its child session id (ses_...)"),
        message: z.string().describe("What the sub-agent should know or do now"),
        interrupt: z
          .boolean()
          .optional()
          .describe(
            "Stop its current turn first, so the message starts the next one (default: it joins at the next step)",
          ),
      },
      async execute(args, ctx: ToolContext) {
        const mode = args.interrupt ? "interrupt" : "queue"
        return result(
          run("message", (m) => m.message(ctx.sessionID, args.task_id, args.message, mode).receipt),
          "background_message",
        )
      },
    }),
    background_reply: tool({
      description:
        'Answer what a background task\'s sub-agent is waiting for (its "NEEDS INPUT" notice names the request): a permission with reply="once" (allow it this once) or reply="reject" (refuse it; give a message saying why and what to do instead, the sub-agent reads it and goes on), or a question with answers (one per question, in order) or reply="reject" (dismiss it).',
      args: {
        task_id: z.string().describe("The task id (bg_...), or its child session id (ses_...)"),
        reply: z
          .enum(["once", "reject"])
          .optional()
          .describe("For a permission: once or reject; reject also dismisses a question"),
        message: z.string().optional().describe("With reject: what the sub-agent is told"),
        answers: z.array(z.string()).optional().describe("For a question: one answer per question, in order"),
      },
      async execute(args, ctx: ToolContext) {
        const given = [args.reply, args.answers].filter((a) => a !== undefined).length
        if (given !== 1)
          return result({ ok: false, error: "give either `reply` (once or reject) or `answers`" }, "background_reply")
        if (args.message !== undefined && args.reply !== "reject")
          return result({ ok: false, error: '`message` goes with reply="reject"' }, "background_reply")
        const answer =
          args.answers !== undefined
            ? { tag: "answers" as const, val: args.answers }
            : args.reply === "once"
              ? { tag: "once" as const }
              : { tag: "reject" as const, val: args.message }
        return result(
          run("reply", (m) => m.reply(ctx.sessionID, args.task_id, answer)),
          "background_reply",
        )
      },
    }),
    background_resume: tool({
      description:
        "Continue a finished background task's session with a new prompt; you are notified when it finishes again. (background_message does this too, and also reaches a task that still runs.)",
      args: {
        task_id: z.string().describe("The task id (or its child session id)"),
        prompt: z.string().describe("What the sub-agent should do next"),
        max_tokens: z.number().int().min(1).optional().describe("A new token limit for each run from now on"),
        max_cost_usd: z.number().positive().optional().describe("A new cost limit (dollars) for each run from now on"),
        max_minutes: z.number().int().min(1).optional().describe("A new time limit (minutes) for each run from now on"),
      },
      async execute(args, ctx: ToolContext) {
        const budget = budgetOf(args)
        return result(
          run("resume", (m) => m.resume(ctx.sessionID, args.task_id, args.prompt, budget).receipt),
          "background_resume",
        )
      },
    }),
  }
}
