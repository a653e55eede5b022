/** Which part of the telemetry failed. */
export type TelemetryComponent = 'logger' | 'metrics' | 'tracer' | 'correlation';

/** Reports a telemetry fault somewhere a human will see it; never throws. */
export type TelemetryFaultReporter = (component: TelemetryComponent, error: unknown) => void;

/**
 * Raised (only ever reported, never thrown at a caller) when logging, metrics or tracing fails.
 * A telemetry fault must not fail the request it was observing.
 */
export class TelemetryFaultError extends Error {
  /** The part of the telemetry that failed. */
  public readonly component: TelemetryComponent;

  public constructor(component: TelemetryComponent, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TelemetryFaultError';
    this.component = component;
  }
}

/**
 * Runs `work`, reporting instead of throwing if it fails, so telemetry never fails an invocation.
 *
 * @returns what `work` returned, or `undefined` if it threw
 */
export function guarded<T>(component: TelemetryComponent, report: TelemetryFaultReporter, work: () => T): T | undefined {
  try {
    return work();
  } catch (error) {
    report(component, error);
    return undefined;
  }
}

/**
 * Writes a fault as one JSON line on stderr. The last resort when the logger itself is what failed;
 * it must not throw, so it stringifies defensively.
 */
export function writeFaultToStderr(component: TelemetryComponent, error: unknown): void {
  try {
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    process.stderr.write(`${JSON.stringify({ level: 'WARN', message: 'telemetry fault', component, error: message })}\n`);
  } catch {
    // Nothing is left to report with; dropping the report is better than failing the request.
  }
}
