/** @module Interface opencode:background-agent/types@0.1.0 **/
export type Timestamp = bigint;
/**
 * # Variants
 * 
 * ## `"debug"`
 * 
 * ## `"info"`
 * 
 * ## `"warn"`
 * 
 * ## `"error"`
 */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export interface ModelRef {
  providerId: string,
  modelId: string,
  variant?: string,
}
/**
 * # Variants
 * 
 * ## `"pending"`
 * 
 * ## `"running"`
 * 
 * ## `"completed"`
 * 
 * ## `"error"`
 * 
 * ## `"cancelled"`
 * 
 * ## `"interrupted"`
 */
export type TaskStatus = 'pending' | 'running' | 'completed' | 'error' | 'cancelled' | 'interrupted';
export interface TaskProgress {
  toolCalls: number,
  lastTool?: string,
  lastActivityAt?: Timestamp,
  lastMessage?: string,
  tokensIn: bigint,
  tokensOut: bigint,
  cost: number,
}
export interface TaskView {
  id: string,
  description: string,
  agent: string,
  model?: ModelRef,
  status: TaskStatus,
  parentSessionId: string,
  sessionId?: string,
  queuedAt: Timestamp,
  startedAt?: Timestamp,
  completedAt?: Timestamp,
  error?: string,
  result?: string,
  progress: TaskProgress,
  concurrencyKey: string,
  attempts: number,
  depth: number,
}
