import { LoggerService, LogLevel } from '@nestjs/common';
import { appendFileSync } from 'node:fs';

export type LoggingLevel = 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR';
export type LoggingFormat = 'json' | 'text';

export interface LoggingSettings {
  level: LoggingLevel;
  format: LoggingFormat;
  file: string;
}

const RANK: Record<LoggingLevel, number> = { DEBUG: 10, INFO: 20, WARNING: 30, ERROR: 40 };

const NEST_LEVEL: Record<LogLevel, LoggingLevel> = {
  verbose: 'DEBUG',
  debug: 'DEBUG',
  log: 'INFO',
  warn: 'WARNING',
  error: 'ERROR',
  fatal: 'ERROR',
};

/**
 * Nest's own bootstrap chatter: one line per module and route, and "successfully started"
 * printed by init() before any port is bound (a port conflict then followed it). Operators
 * get the Global Store's own startup lines instead; these stay available at DEBUG.
 */
const FRAMEWORK_CONTEXTS: ReadonlySet<string> = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
  'NestMicroservice',
]);

/** NestApplication's "successfully started" comes from init(), before the listeners bind. */
const PREMATURE_SUCCESS = /successfully started/;

/**
 * The process logger: levelled, text for people or one JSON object per line for log
 * pipelines, optionally mirrored to a file. Errors and warnings go to stderr.
 */
export class GlobalStoreLogger implements LoggerService {
  constructor(private settings: LoggingSettings) {}

  configure(settings: LoggingSettings): void {
    this.settings = settings;
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.write('log', message, rest);
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
  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest);
  }

  private write(nestLevel: LogLevel, message: unknown, rest: unknown[]): void {
    // Nest passes the context as the last string argument; an error stack may precede it.
    const context = typeof rest[rest.length - 1] === 'string' ? (rest.pop() as string) : '';
    const framework = FRAMEWORK_CONTEXTS.has(context) && RANK[NEST_LEVEL[nestLevel]] < RANK.WARNING;
    const level = framework ? 'DEBUG' : NEST_LEVEL[nestLevel];
    if (RANK[level] < RANK[this.settings.level]) return;
    const stack = rest.find((r) => typeof r === 'string' && r.includes('\n    at ')) as
      string | undefined;
    let text = message instanceof Error ? message.message : String(message);
    if (context === 'NestApplication' && PREMATURE_SUCCESS.test(text))
      text = 'Nest modules initialized (listeners not bound yet)';
    const time = new Date().toISOString();
    const line =
      this.settings.format === 'json'
        ? JSON.stringify({ time, level, context, msg: text, ...(stack ? { stack } : {}) })
        : `${time} ${level.padEnd(7)} [${context || 'global-store'}] ${text}${stack ? `\n${stack}` : ''}`;
    const stream = RANK[level] >= RANK.WARNING ? process.stderr : process.stdout;
    stream.write(`${line}\n`);
    if (this.settings.file) {
      try {
        appendFileSync(this.settings.file, `${line}\n`);
      } catch {
        // A broken log file must not take the server down; stderr still has the line.
      }
    }
  }
}
