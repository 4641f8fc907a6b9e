/** @module Interface opencode:background-agent/manager@0.1.0 **/
export type Timestamp = import('./opencode-background-agent-types.js').Timestamp;
export type ModelRef = import('./opencode-background-agent-types.js').ModelRef;
export type TaskStatus = import('./opencode-background-agent-types.js').TaskStatus;
export type TaskView = import('./opencode-background-agent-types.js').TaskView;
export interface LaunchRequest {
  parentSessionId: string,
  parentMessageId?: string,
  parentAgent?: string,
  parentModel?: ModelRef,
  description: string,
  prompt: string,
  agent: string,
  model?: ModelRef,
  system?: string,
  fallback: Array<ModelRef>,
}
export type RequestError = RequestErrorInvalid | RequestErrorNotFound | RequestErrorForbidden | RequestErrorLimit | RequestErrorConflict | RequestErrorShuttingDown;
export interface RequestErrorInvalid {
  tag: 'invalid',
  val: string,
}
export interface RequestErrorNotFound {
  tag: 'not-found',
  val: string,
}
export interface RequestErrorForbidden {
  tag: 'forbidden',
  val: string,
}
export interface RequestErrorLimit {
  tag: 'limit',
  val: string,
}
export interface RequestErrorConflict {
  tag: 'conflict',
  val: string,
}
export interface RequestErrorShuttingDown {
  tag: 'shutting-down',
}
export interface SdkError {
  status?: number,
  name: string,
  message: string,
}
export interface PartDelta {
  sessionId: string,
  messageId: string,
  partId: string,
}
export interface SessionEvent {
  eventType: string,
  sessionId: string,
  properties: string,
}
export type Event = EventPartDelta | EventSession;
export interface EventPartDelta {
  tag: 'part-delta',
  val: PartDelta,
}
export interface EventSession {
  tag: 'session',
  val: SessionEvent,
}
export interface CancelOptions {
  abortSession: boolean,
  notifyParent: boolean,
}
export interface ToolReply {
  title: string,
  output: string,
  taskId?: string,
  sessionId?: string,
}
export type Result<T, E> = { tag: 'ok', val: T } | { tag: 'err', val: E };

export class Manager implements Disposable {
  /**
   * This type does not have a public constructor.
   */
  private constructor();
  static create(config: string, snapshot: string | undefined): Manager;
  launch(request: LaunchRequest): TaskView;
  cancel(caller: string, taskId: string, options: CancelOptions): TaskView;
  cancelAll(parentSessionId: string, options: CancelOptions): Array<TaskView>;
  handleEvent(event: Event): void;
  complete(id: bigint, reply: Result<string, SdkError>): void;
  onTimer(): void;
  get(caller: string, taskId: string): TaskView;
  getBySession(sessionId: string): TaskView | undefined;
  list(parentSessionId: string): Array<TaskView>;
  launchText(task: TaskView): ToolReply;
  outputText(caller: string, taskId: string): ToolReply;
  listText(caller: string): ToolReply;
  cancelText(tasks: Array<TaskView>): ToolReply;
  takeInjection(sessionId: string): string | undefined;
  compactionContext(sessionId: string): string | undefined;
  snapshot(): string;
  shutdown(): void;
  malformedEvents(): bigint;
  [Symbol.dispose](): void;
}
