import type { LogItem } from '@aws-lambda-powertools/logger';
import { Logger, LogLevelThreshold } from '@aws-lambda-powertools/logger';
import type { ConstructorOptions, LogItemExtraInput, LogItemMessage } from '@aws-lambda-powertools/logger/types';
import { maskSensitiveText } from '../redact';
import { writeFaultToStderr } from '../telemetry-fault';
import { boundedJson, readableCopy } from './bounded-json';

/**
 * The largest line written: CloudWatch Logs takes events up to 256 KiB including 26 bytes of its own,
 * and Lambda splits a longer line into pieces no JSON parser can read.
 */
export const MAX_LOG_LINE_BYTES = 256 * 1024 - 1024;

/** Keys a line keeps even when everything else had to be cut to fit. */
const ESSENTIAL_KEYS = ['level', 'message', 'timestamp', 'service', 'cold_start', 'function_name', 'function_request_id', 'xray_trace_id', 'correlation_id'];

type ConsoleMethod = 'trace' | 'debug' | 'info' | 'warn' | 'error';

/** The console method and level name of a Powertools log level number. */
function levelOf(logLevel: number): { method: ConsoleMethod; name: string } {
  if (logLevel >= LogLevelThreshold.CRITICAL) return { method: 'error', name: 'CRITICAL' };
  if (logLevel >= LogLevelThreshold.ERROR) return { method: 'error', name: 'ERROR' };
  if (logLevel >= LogLevelThreshold.WARN) return { method: 'warn', name: 'WARN' };
  if (logLevel >= LogLevelThreshold.INFO) return { method: 'info', name: 'INFO' };
  if (logLevel >= LogLevelThreshold.DEBUG) return { method: 'debug', name: 'DEBUG' };
  return { method: 'trace', name: 'TRACE' };
}

/**
 * Powertools Logger that cannot be made to throw or to write a line CloudWatch would split:
 * attributes `JSON.stringify` chokes on (a getter or `toJSON` that throws) are written as markers,
 * cycles and BigInts as Powertools writes them, and a line over {@link MAX_LOG_LINE_BYTES} has its
 * long strings cut (or, at worst, only its essential keys kept), listing what was cut under
 * `log_truncated`. A log call that still fails writes a minimal line saying why, on stderr if need be.
 * Every line has credential header values, email addresses and card numbers masked.
 * Everything else is Powertools Logger, unchanged (levels, sampling, keys, formatter, buffering).
 *
 * @example
 * ```ts
 * const logger = new PeriscopeLogger({ serviceName: 'orders' });
 * logger.info('request body', { body: hugeString }); // one line under 256 KiB, log_truncated: ['body']
 * ```
 */
export class PeriscopeLogger extends Logger {
  /** Child loggers (`createChild`) are PeriscopeLoggers too. */
  protected override createLogger(options?: ConstructorOptions): Logger {
    return new PeriscopeLogger(options);
  }

  protected override processLogItem(logLevel: number, input: LogItemMessage, extraInput: LogItemExtraInput): void {
    try {
      super.processLogItem(logLevel, input, extraInput);
    } catch (error) {
      this.#writeFallback(logLevel, input, extraInput, error);
    }
  }

  protected override printLog(logLevel: number, log: LogItem): void {
    log.prepareForPrint();
    const attributes = log.getAttributes();
    let line: string | undefined;
    try {
      line = JSON.stringify(attributes, this.getJsonReplacer(), this.#internals().logIndentation);
    } catch {
      line = undefined; // a getter or toJSON threw: the bounded copy below reads around it
    }
    if (line === undefined || Buffer.byteLength(line) > MAX_LOG_LINE_BYTES) {
      line = boundedJson(attributes, { maxBytes: MAX_LOG_LINE_BYTES, essentialKeys: ESSENTIAL_KEYS }).json;
    }
    this.#write(logLevel, line);
  }

  /**
   * A line that says the log call failed, with what can safely be read of its message and attributes:
   * first through Powertools again, from a readable copy, so the line keeps the service, the Lambda
   * context and every key (`correlation_id` among them) that queries find lines by; if that fails
   * too, a minimal line.
   */
  #writeFallback(logLevel: number, input: LogItemMessage, extraInput: LogItemExtraInput, error: unknown): void {
    const fault = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    try {
      const readable = (typeof input === 'string' ? input : readableCopy(input)) as LogItemMessage;
      super.processLogItem(logLevel, readable, [...extraInput.map((extra) => readableCopy(extra)), { log_fault: fault }] as LogItemExtraInput);
      return;
    } catch {
      // Powertools itself fails (a broken formatter): the minimal line below.
    }
    try {
      const message = typeof input === 'string' ? input : (readableCopy(input) as { message?: unknown } | undefined)?.message;
      const extras = extraInput.map((extra) => readableCopy(extra)).map((extra) => (typeof extra === 'object' && extra !== null && !Array.isArray(extra) ? extra : { extra }));
      const attributes = {
        level: levelOf(logLevel).name,
        message: typeof message === 'string' ? message : String(message),
        timestamp: new Date().toISOString(),
        ...Object.assign({}, ...extras),
        log_fault: fault,
      };
      this.#write(logLevel, boundedJson(attributes, { maxBytes: MAX_LOG_LINE_BYTES, essentialKeys: ESSENTIAL_KEYS }).json);
    } catch (fault) {
      writeFaultToStderr('logger', fault);
    }
  }

  /** Writes where Powertools would, with credentials, emails and card numbers masked (`maskSensitiveText`). */
  #write(logLevel: number, line: string): void {
    const masked = maskSensitiveText(line);
    const powertoolsConsole = this.#internals().console;
    if (powertoolsConsole) powertoolsConsole[levelOf(logLevel).method](masked);
    else (logLevel >= LogLevelThreshold.WARN ? process.stderr : process.stdout).write(`${masked}\n`);
  }

  /** Powertools' console and indentation: private there, read here so output goes exactly where Powertools sends it. */
  #internals(): { console?: Pick<Console, ConsoleMethod>; logIndentation?: number } {
    return this as unknown as { console?: Pick<Console, ConsoleMethod>; logIndentation?: number };
  }
}
