import type { Telemetry } from 'periscope';
import { HookReportError } from './errors';
import type { preTrafficHookCatalog } from './pre-traffic-hook-catalog';
import { HookStatus, type SmokeVerdict } from './smoke-test';

type HookTelemetry = Telemetry<typeof preTrafficHookCatalog>;

/** Logs the verdict (an error when it stops the deployment) with its status code and duration, and counts it. */
export function recordVerdict(telemetry: HookTelemetry, deploymentId: string, verdict: SmokeVerdict): void {
  const { logger, businessMetrics } = telemetry;
  const fields = { deploymentId, ...verdict };
  if (verdict.status === HookStatus.Succeeded) {
    businessMetrics.record('SmokeTestPassed', 1);
    logger.info(`smoke test passed: ${verdict.reason}`, fields);
  } else {
    businessMetrics.record('SmokeTestFailed', 1);
    logger.error(`SMOKE TEST FAILED, deployment stopped: ${verdict.reason}`, fields);
  }
}

/** Logs why the hook failed (with the verdict it could not report, if that was it) before the error fails the invocation. */
export function recordHookFailure(telemetry: HookTelemetry, error: unknown): void {
  if (error instanceof HookReportError) recordVerdict(telemetry, error.deploymentId, error.verdict);
  const message = error instanceof Error ? error.message : String(error);
  telemetry.logger.error(`PRE-TRAFFIC HOOK FAILED: ${message}`, { error: error instanceof Error ? error : message });
}
