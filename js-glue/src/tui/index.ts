// The TUI part of the plugin: the person's view of the background tasks inside OpenCode. A
// sidebar panel lists the session's tasks live (from the view the server part writes into the
// session's metadata), `/bg` opens a dialog of this session's tasks and its descendants' (open a
// child session, cancel a task, send it a message), `/bg-cancel-all` cancels every running
// one, and a desktop notification and a toast tell the person, looking elsewhere, that a task
// needs input or a batch has finished. It decides nothing about tasks: cancelling aborts the
// child session through OpenCode's API, and the server part ends the task.
import type { TuiPluginApi, TuiPluginModule } from "@opencode-ai/plugin/tui"
import { createComponent, createElement, effect, insert, setProp } from "@opentui/solid"
import { createSignal } from "solid-js"
import { attention, detail, header, panelLine, readView, tone, type TaskLine, type Tone, type View } from "./view.js"

type Theme = Record<string, unknown>
type Ctx = { theme: { current: Theme } }

/** `<text fg={fg()}>{content()}</text>` without JSX (the package ships plain JS). */
function text(content: () => string, fg: () => unknown) {
  const el = createElement("text")
  insert(el, content)
  effect<unknown>((prev) => {
    const next = fg()
    if (next !== prev) setProp(el, "fg", next, prev)
    return next
  })
  return el
}

const TONE_COLOR: Record<Tone, string> = {
  running: "text",
  pending: "textMuted",
  done: "success",
  failed: "error",
  cancelled: "textMuted",
  attention: "warning",
}

/** The sidebar panel of one session: a header and a line per task, nothing when it has none. */
function panel(api: TuiPluginApi, ctx: Ctx, sessionID: () => string, now: () => number) {
  const box = createElement("box")
  setProp(box, "flexDirection", "column")
  const view = () => readView(api.state.session.get(sessionID())?.metadata)
  const color = (key: string) => () => ctx.theme.current[key]
  insert(box, () => {
    const v = view()
    if (!v || v.tasks.length === 0) return []
    const lines = v.tasks.map((t) => text(() => panelLine(t, now()), color(TONE_COLOR[tone(t)])))
    const more = v.more > 0 ? [text(() => `  and ${v.more} more`, color("textMuted"))] : []
    return [text(() => `Background · ${header(v)}`, color("accent")), ...lines, ...more]
  })
  return box
}

/** The session the person looks at, if any. */
function currentSession(api: TuiPluginApi): string | undefined {
  const route = api.route.current
  return route.name === "session" && route.params && typeof route.params.sessionID === "string"
    ? route.params.sessionID
    : undefined
}

/** The tasks of `sessionID` and of the sessions below it (through the tasks' child sessions). */
function tasksBelow(api: TuiPluginApi, sessionID: string): TaskLine[] {
  const out: TaskLine[] = []
  const seen = new Set<string>()
  const stack = [sessionID]
  while (stack.length && seen.size < 200) {
    const id = stack.pop()!
    if (seen.has(id)) continue
    seen.add(id)
    for (const t of readView(api.state.session.get(id)?.metadata)?.tasks ?? []) {
      out.push(t)
      if (t.sessionId) stack.push(t.sessionId)
    }
  }
  return out
}

function toast(api: TuiPluginApi, variant: "info" | "success" | "warning" | "error", message: string) {
  api.ui.toast({ variant, title: "Background tasks", message })
}

/** Aborts a task's child session: the server part ends the task as cancelled, with one notice. */
async function cancel(api: TuiPluginApi, t: TaskLine) {
  if (!t.sessionId) return
  const res = (await api.client.session.abort({ sessionID: t.sessionId }).catch((e: unknown) => ({ error: e }))) as {
    error?: unknown
  }
  if (res.error) toast(api, "error", `Could not cancel ${t.id}: ${String(res.error)}`)
  else toast(api, "info", `Cancelling ${t.id}`)
}

function confirmCancel(api: TuiPluginApi, tasks: TaskLine[], title: string) {
  const message = tasks.map((t) => `${t.id} ${t.description}`).join("\n")
  api.ui.dialog.replace(() =>
    createComponent(api.ui.DialogConfirm, {
      title,
      message,
      onConfirm: () => {
        api.ui.dialog.clear()
        for (const t of tasks) void cancel(api, t)
      },
      onCancel: () => api.ui.dialog.clear(),
    }),
  )
}

function sendMessage(api: TuiPluginApi, t: TaskLine) {
  api.ui.dialog.replace(() =>
    createComponent(api.ui.DialogPrompt, {
      title: `Message to ${t.id}`,
      placeholder: "It joins the running turn at its next step",
      onConfirm: (value: string) => {
        api.ui.dialog.clear()
        if (!value.trim() || !t.sessionId) return
        const parts = [{ type: "text" as const, text: value }]
        void api.client.session.promptAsync({ sessionID: t.sessionId, agent: t.agent, parts }).then(
          () => toast(api, "info", `Sent to ${t.id}`),
          (e: unknown) => toast(api, "error", `Could not send to ${t.id}: ${String(e)}`),
        )
      },
      onCancel: () => api.ui.dialog.clear(),
    }),
  )
}

/** What can be done with one task. */
function taskActions(api: TuiPluginApi, t: TaskLine) {
  const running = t.status === "running"
  const options = [
    ...(t.sessionId ? [{ title: "Open its session", value: "open" }] : []),
    ...(running && t.sessionId ? [{ title: "Cancel it", value: "cancel" }] : []),
    ...(running && t.sessionId ? [{ title: "Send it a message", value: "message" }] : []),
  ]
  if (options.length === 0) {
    toast(api, "info", `${t.id} is ${t.status}: nothing to open yet`)
    return
  }
  api.ui.dialog.replace(() =>
    createComponent(api.ui.DialogSelect, {
      title: `${t.id} · ${t.description}`,
      options,
      onSelect: (o: { value: string }) => {
        if (o.value === "open" && t.sessionId) {
          api.ui.dialog.clear()
          api.route.navigate("session", { sessionID: t.sessionId })
        } else if (o.value === "cancel") confirmCancel(api, [t], `Cancel ${t.id}?`)
        else if (o.value === "message") sendMessage(api, t)
      },
    }),
  )
}

function openTasks(api: TuiPluginApi, now: number) {
  const session = currentSession(api)
  const tasks = session ? tasksBelow(api, session) : []
  if (tasks.length === 0) {
    toast(api, "info", "No background tasks in this session")
    return
  }
  const running = tasks.filter((t) => t.status === "running" && t.sessionId)
  const cancelAll = running.length > 1 ? [{ title: `Cancel all ${running.length} running`, value: "" }] : []
  api.ui.dialog.replace(() =>
    createComponent(api.ui.DialogSelect, {
      title: "Background tasks",
      options: [
        ...cancelAll,
        ...tasks.map((t) => ({ title: `${t.id} ${t.description}`, value: t.id, description: detail(t, now) })),
      ],
      onSelect: (o: { value: string }) => {
        const t = tasks.find((x) => x.id === o.value)
        if (t) taskActions(api, t)
        else confirmCancel(api, running, `Cancel all ${running.length} running background tasks?`)
      },
    }),
  )
}

function cancelAll(api: TuiPluginApi) {
  const session = currentSession(api)
  const running = (session ? tasksBelow(api, session) : []).filter((t) => t.status === "running" && t.sessionId)
  if (running.length === 0) toast(api, "info", "No running background tasks in this session")
  else confirmCancel(api, running, `Cancel all ${running.length} running background tasks?`)
}

const tui: TuiPluginModule["tui"] = async (api, options) => {
  const [now, setNow] = createSignal(Date.now())
  const tick = setInterval(() => setNow(Date.now()), 1000)
  api.lifecycle.onDispose(() => clearInterval(tick))

  api.slots.register({
    // Above the built-in sections (100 and up).
    order: 90,
    slots: {
      sidebar_content(ctx: Ctx, props: { session_id: string }) {
        return panel(api, ctx, () => props.session_id, now)
      },
    },
  } as never)

  const key = typeof options?.keybind === "string" ? options.keybind : "alt+g"
  const off = api.keymap.registerLayer({
    commands: [
      {
        name: "background.tasks",
        title: "Background tasks",
        category: "Plugin",
        namespace: "palette",
        slashName: "bg",
        run: () => openTasks(api, now()),
      },
      {
        name: "background.cancel-all",
        title: "Cancel all running background tasks",
        category: "Plugin",
        namespace: "palette",
        slashName: "bg-cancel-all",
        run: () => cancelAll(api),
      },
    ],
    bindings: [{ key, cmd: "background.tasks" }],
  } as never) as unknown
  if (typeof off === "function") api.lifecycle.onDispose(off as () => void)

  // A task that needs input, or a batch that ended, in a session the person is not looking at.
  const seen = new Map<string, View | undefined>()
  const offEvent = api.event.on("session.updated", (event) => {
    const info = (event.properties as { info?: { id?: string; title?: string; metadata?: unknown } }).info
    if (!info?.id) return
    const next = readView(info.metadata)
    const before = seen.get(info.id)
    if (next || before) seen.set(info.id, next)
    const what = attention(before, next)
    if (!what || currentSession(api) === info.id) return
    const message = `${info.title ? `${info.title}: ` : ""}${what}`
    void api.attention.notify({ title: "Background tasks", message })
    toast(api, what.includes("needs input") ? "warning" : "success", message)
  })
  api.lifecycle.onDispose(offEvent)
}

const plugin: TuiPluginModule = { id: "opencode-background-agent", tui }
export default plugin
