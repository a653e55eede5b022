/**
 * Runs `work` with everything written to stdout and stderr captured as lines instead of printed:
 * what a Lambda function writes to CloudWatch Logs. Calls must not overlap.
 */
export async function captureLines<T>(work: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
  const lines: string[] = [];
  const streams = [process.stdout, process.stderr] as const;
  const originals = streams.map((stream) => stream.write);
  const collect = ((chunk: string | Uint8Array, encodingOrCallback?: unknown, callback?: unknown): boolean => {
    lines.push(...String(chunk).split('\n').filter((line) => line !== ''));
    const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
    if (typeof done === 'function') (done as () => void)();
    return true;
  }) as typeof process.stdout.write;
  for (const stream of streams) stream.write = collect;
  try {
    return { result: await work(), lines };
  } finally {
    streams.forEach((stream, i) => (stream.write = originals[i] as typeof stream.write));
  }
}
