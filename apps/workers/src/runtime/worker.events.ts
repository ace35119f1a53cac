import { Injectable } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { LockedTask } from './task-handler';
import type { ShutdownSummary } from './worker-runtime';

/**
 * Lifecycle events of the worker runtime. Metrics, logs and the Kafka
 * publisher subscribe to these; the runtime carries no observability code.
 */
export interface WorkerEventMap {
  'poll:success': [{ topic: string; count: number; durationMs: number }];
  'poll:error': [{ topic: string; error: Error; retryInMs: number }];
  'task:started': [{ task: LockedTask }];
  'task:completed': [{ task: LockedTask; durationMs: number; variableNames: string[] }];
  'task:bpmn-error': [
    { task: LockedTask; durationMs: number; code: string; message: string; variableNames: string[] },
  ];
  'task:failed': [
    { task: LockedTask; durationMs: number; error: Error; retriesLeft: number; retryTimeoutMs: number },
  ];
  /** Reporting the outcome to Camunda failed (lock lost, task gone, node unreachable). */
  'task:report-error': [{ task: LockedTask; action: string; error: Error }];
  /** `wasRunning`: its handler had started (false for tasks a long poll returned during shutdown). */
  'task:unlocked': [{ task: LockedTask; reason: string; wasRunning: boolean }];
  'lock:extended': [{ task: LockedTask; newDurationMs: number }];
  'lock:extend-error': [{ task: LockedTask; error: Error }];
  'runtime:started': [{ topics: string[] }];
  'runtime:stopped': [ShutdownSummary];
}

@Injectable()
export class WorkerEvents extends EventEmitter<WorkerEventMap> {}
