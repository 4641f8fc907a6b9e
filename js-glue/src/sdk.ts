// The core's SDK requests performed with the plugin's SDK client (v1; answers to a child's request
// go through its transport to v2 routes): one `sdk-request` becomes
// its SDK call, and the call's `{data, error}` envelope (or a network failure) becomes the reply
// the core gets through `complete`, with only the fields the core reads of the big replies
// (messages, agents). Fields are renamed, picked and copied; nothing here decides.
import type { PluginInput } from "@opencode-ai/plugin"
import type { HostImports } from "./core.js"
import { pickedAgents, pickedMessages, pickedTranscript } from "./pick.js"
import { VIEW_KEY } from "./tui/view.js"

export type Client = PluginInput["client"]
export type SdkRequest = Parameters<HostImports["call"]>[1]
export type Reply = { tag: "ok"; val: string } | { tag: "err"; val: { status?: number; name: string; message: string } }
type Envelope = { data?: unknown; error?: unknown; response?: { status?: number } }

/** Performs one request; never throws (a network failure is the core's `NetworkError`). */
export function perform(client: Client, request: SdkRequest): Promise<Reply> {
  return reply(send(client, request))
}

/** A child's newest messages as a transcript reads them (`background_output` with `view: "transcript"`). */
export function transcript(client: Client, sessionId: string, limit: number): Promise<Reply> {
  return reply(picking(client.session.messages({ path: { id: sessionId }, query: { limit } }), pickedTranscript))
}

/** An SDK call's envelope (or its network failure) as the core's reply; never throws. */
async function reply(call: Promise<unknown>): Promise<Reply> {
  try {
    const res = (await call) as Envelope
    if (res.error === undefined || res.error === null) return { tag: "ok", val: JSON.stringify(res.data ?? null) }
    return { tag: "err", val: sdkError(res.error, res.response?.status) }
  } catch (e) {
    return { tag: "err", val: { name: "NetworkError", message: e instanceof Error ? e.message : String(e) } }
  }
}

/** One core request as its v1 SDK call (`{data, error}`; throws only on network errors). */
function send(client: Client, r: SdkRequest): Promise<unknown> {
  switch (r.tag) {
    case "create-session": {
      const { parentId, title, permission } = r.val
      // `permission` is accepted by the server but missing from the v1 body type.
      return client.session.create({
        body: { parentID: parentId, title, permission } as { parentID: string; title: string },
      })
    }
    case "prompt-session": {
      const { sessionId, agent, model, system, parts, noReply } = r.val
      const body = {
        agent,
        system,
        noReply,
        parts: parts.map((text) => ({ type: "text" as const, text })),
        ...(model && { model: { providerID: model.providerId, modelID: model.modelId }, variant: model.variant }),
      }
      return client.session.promptAsync({ path: { id: sessionId }, body })
    }
    case "abort-session":
      return client.session.abort({ path: { id: r.val } })
    case "get-session":
      return client.session.get({ path: { id: r.val } })
    case "session-messages":
      return picking(
        client.session.messages({ path: { id: r.val.sessionId }, query: { limit: r.val.limit } }),
        pickedMessages,
      )
    case "session-status":
      return client.session.status()
    case "list-agents":
      return picking(client.app.agents(), pickedAgents)
    case "reply-permission": {
      const { requestId, verdict, message } = r.val
      return post(client, "/permission/{requestID}/reply", requestId, { reply: verdict, message })
    }
    case "reply-question":
      return post(client, "/question/{requestID}/reply", r.val.requestId, { answers: r.val.answers })
    case "reject-question":
      return post(client, "/question/{requestID}/reject", r.val)
    case "publish-tasks":
      return publish(client, r.val.sessionId, r.val.view)
  }
}

/**
 * Sets (or removes) one key of a session's metadata: `session.update` replaces the whole
 * object, so it is read first and every other key written back as it was.
 */
async function publish(client: Client, id: string, view: string | undefined): Promise<unknown> {
  const current = (await client.session.get({ path: { id } })) as Envelope
  if (current.error !== undefined && current.error !== null) return current
  const info = current.data as { metadata?: unknown } | undefined
  const metadata: Record<string, unknown> =
    info && typeof info.metadata === "object" && info.metadata !== null ? { ...info.metadata } : {}
  if (view === undefined) delete metadata[VIEW_KEY]
  else metadata[VIEW_KEY] = JSON.parse(view)
  // `metadata` is accepted by the server but missing from the v1 body type.
  return client.session.update({ path: { id }, body: { metadata } as { title?: string } })
}

/**
 * A route of OpenCode's v2 API (answering a child's request; the v1 client has only a legacy
 * permission route) through the v1 client's own transport: same server, same directory.
 */
function post(client: Client, url: string, requestID: string, body?: unknown): Promise<unknown> {
  const transport = (client as unknown as { _client: { post(options: object): Promise<unknown> } })._client
  const json = body === undefined ? {} : { body, headers: { "Content-Type": "application/json" } }
  return transport.post({ url, path: { requestID }, ...json })
}

/** A reply whose `data` crosses with only the fields the core reads (pick.ts). */
async function picking(reply: Promise<unknown>, pick: (data: unknown) => unknown): Promise<Envelope> {
  const res = (await reply) as Envelope
  return { ...res, data: pick(res.data) }
}

/** The SDK's error body (`{name, data: {message}}`, or anything else) as the core's `sdk-error`. */
function sdkError(error: unknown, status?: number) {
  const e = (typeof error === "object" && error !== null ? error : {}) as {
    name?: unknown
    message?: unknown
    data?: { message?: unknown }
  }
  const message = [e.data?.message, e.message, typeof error === "string" ? error : undefined].find(
    (m) => typeof m === "string",
  )
  return {
    status: typeof status === "number" ? status : undefined,
    name: typeof e.name === "string" ? e.name : "APIError",
    message: (message as string | undefined) ?? JSON.stringify(error),
  }
}
