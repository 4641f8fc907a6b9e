/** @module Interface opencode:background-agent/host@0.1.0 **/
export function nowMs(): Timestamp;
export function randomBytes(len: number): Uint8Array;
export function call(id: bigint, request: SdkRequest): void;
export function setTimer(at: Timestamp | undefined): void;
export function setInterest(sessionId: string, interest: Interest): void;
export function taskSettled(taskId: string): void;
export function persist(snapshot: string): void;
export function showToast(toast: Toast): void;
export function log(level: LogLevel, message: string): void;
export type Timestamp = import('./opencode-background-agent-types.js').Timestamp;
export interface Interest {
  lifecycle?: boolean,
  activity?: boolean,
}
/**
 * # Variants
 * 
 * ## `"info"`
 * 
 * ## `"success"`
 * 
 * ## `"warning"`
 * 
 * ## `"error"`
 */
export type ToastVariant = 'info' | 'success' | 'warning' | 'error';
export interface Toast {
  title: string,
  message: string,
  variant: ToastVariant,
  durationMs: number,
}
export type LogLevel = import('./opencode-background-agent-types.js').LogLevel;
/**
 * # Variants
 * 
 * ## `"allow"`
 * 
 * ## `"deny"`
 * 
 * ## `"ask"`
 */
export type PermissionAction = 'allow' | 'deny' | 'ask';
export interface PermissionRule {
  permission: string,
  pattern: string,
  action: PermissionAction,
}
export interface CreateSession {
  parentId: string,
  title: string,
  permission: Array<PermissionRule>,
}
export type ModelRef = import('./opencode-background-agent-types.js').ModelRef;
export interface PromptSession {
  sessionId: string,
  agent?: string,
  model?: ModelRef,
  system?: string,
  parts: Array<string>,
  noReply: boolean,
}
export interface SessionMessages {
  sessionId: string,
  limit?: number,
}
export type SdkRequest = SdkRequestCreateSession | SdkRequestPromptSession | SdkRequestAbortSession | SdkRequestGetSession | SdkRequestSessionMessages | SdkRequestSessionStatus | SdkRequestSessionTodo;
export interface SdkRequestCreateSession {
  tag: 'create-session',
  val: CreateSession,
}
export interface SdkRequestPromptSession {
  tag: 'prompt-session',
  val: PromptSession,
}
export interface SdkRequestAbortSession {
  tag: 'abort-session',
  val: string,
}
export interface SdkRequestGetSession {
  tag: 'get-session',
  val: string,
}
export interface SdkRequestSessionMessages {
  tag: 'session-messages',
  val: SessionMessages,
}
export interface SdkRequestSessionStatus {
  tag: 'session-status',
}
export interface SdkRequestSessionTodo {
  tag: 'session-todo',
  val: string,
}
