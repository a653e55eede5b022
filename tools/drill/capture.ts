import { captureWrites } from '../emulators/lambda-sandbox/capture-output';

/**
 * Runs `work` with everything written to stdout and stderr captured as lines instead of printed:
 * what a Lambda function writes to CloudWatch Logs. Rethrows what `work` throws. Calls must not overlap.
 */
export async function captureLines<T>(work: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const { settled, writes } = await captureWrites(work);
  if (!settled.ok) throw settled.error;
  return { result: settled.value, lines: writes.flatMap((write) => write.text.split('\n').filter((line) => line !== '')) };
}
