import { LoggerService, LogLevel } from '@nestjs/common';
import { redact } from '../config/secret-redactor';
import { logCorrelation } from './trace-context';

const LEVELS = ['error', 'warn', 'info', 'debug', 'verbose'] as const;
export type AppLogLevel = (typeof LEVELS)[number];

type Sink = (line: string) => void;

/**
 * One JSON line per log entry, stamped with the service name and the current
 * trace and correlation ids. Every line passes through the secret redactor.
 */
export class AppLogger implements LoggerService {
  private threshold: number;

  constructor(
    private readonly service: string,
    level: AppLogLevel = 'info',
    private readonly sink: Sink = (line) => process.stdout.write(line + '\n'),
  ) {
    this.threshold = LEVELS.indexOf(level);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }
  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest);
  }
  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }
  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }
  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('verbose', message, rest);
  }
  setLogLevels(levels: LogLevel[]): void {
    const mapped = levels
      .map((l) => (l === 'log' ? 'info' : l))
      .filter((l): l is AppLogLevel => LEVELS.includes(l as AppLogLevel));
    this.threshold = Math.max(...mapped.map((l) => LEVELS.indexOf(l)), 0);
  }

  /** A logger for one class, sharing this logger's sink and level. */
  forContext(context: string): ContextLogger {
    return new ContextLogger(this, context);
  }

  write(level: AppLogLevel, message: unknown, rest: unknown[]): void {
    if (LEVELS.indexOf(level) > this.threshold) return;
    const { context, fields, stack } = splitNestArguments(rest);
    const entry: Record<string, unknown> = {
      ts: new Date().toISOString(),
      level,
      service: this.service,
      ...(context ? { context } : {}),
      msg: message instanceof Error ? message.message : message,
      ...logCorrelation(),
      ...fields,
      ...(stack ? { stack } : message instanceof Error && message.stack ? { stack: message.stack } : {}),
    };
    this.sink(redact(safeStringify(entry)));
  }
}

export class ContextLogger {
  constructor(
    private readonly root: AppLogger,
    private readonly context: string,
  ) {}
  info(message: string, fields: Record<string, unknown> = {}): void {
    this.root.write('info', message, [fields, this.context]);
  }
  warn(message: string, fields: Record<string, unknown> = {}): void {
    this.root.write('warn', message, [fields, this.context]);
  }
  error(message: string, fields: Record<string, unknown> = {}): void {
    this.root.write('error', message, [fields, this.context]);
  }
  debug(message: string, fields: Record<string, unknown> = {}): void {
    this.root.write('debug', message, [fields, this.context]);
  }
}

/** Nest calls `logger.error(message, stack?, context?)` and `logger.log(message, context?)`. */
function splitNestArguments(rest: unknown[]): {
  context?: string;
  fields: Record<string, unknown>;
  stack?: string;
} {
  const fields: Record<string, unknown> = {};
  let context: string | undefined;
  let stack: string | undefined;
  const strings: string[] = [];
  for (const arg of rest) {
    if (typeof arg === 'string') strings.push(arg);
    else if (arg instanceof Error) stack = arg.stack;
    else if (arg && typeof arg === 'object') Object.assign(fields, arg);
  }
  if (strings.length > 0) context = strings.pop();
  if (strings.length > 0) stack = strings.join('\n');
  return { context, fields, stack };
}

function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v instanceof Error) return { name: v.name, message: v.message };
    if (v && typeof v === 'object') {
      if (seen.has(v)) return '[circular]';
      seen.add(v);
    }
    return v;
  });
}
