/** One write to stdout or stderr, as written (a log line, an EMF document, part of either). */
export interface CapturedWrite {
  readonly stream: 'stdout' | 'stderr';
  readonly text: string;
}

/** How captured work ended: its value, or what it threw. */
export type Settled<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: unknown };

/**
 * Runs `work` with every write to `process.stdout` and `process.stderr` kept instead of printed, and
 * returns them with how the work ended, also when it threw: what an invocation wrote is kept whatever
 * became of it. Writes made after `work` settles (a deferred flush) go to the terminal as usual.
 * Calls must not overlap: the streams are the process's.
 *
 * @example
 * ```ts
 * const { settled, writes } = await captureWrites(() => handler(event, context));
 * if (!settled.ok) for (const write of writes) process.stderr.write(write.text);
 * ```
 */
export async function captureWrites<T>(work: () => Promise<T>): Promise<{ settled: Settled<T>; writes: CapturedWrite[] }> {
  const writes: CapturedWrite[] = [];
  const streams = { stdout: process.stdout, stderr: process.stderr } as const;
  const originals = { stdout: process.stdout.write, stderr: process.stderr.write };
  for (const name of ['stdout', 'stderr'] as const) {
    streams[name].write = ((chunk: string | Uint8Array, encodingOrCallback?: unknown, callback?: unknown): boolean => {
      writes.push({ stream: name, text: typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8') });
      // A writer that waits for its callback (pino, a flush) must not wait forever.
      const done = typeof encodingOrCallback === 'function' ? encodingOrCallback : callback;
      if (typeof done === 'function') process.nextTick(done as () => void);
      return true;
    }) as typeof process.stdout.write;
  }
  try {
    return { settled: { ok: true, value: await work() }, writes };
  } catch (error) {
    return { settled: { ok: false, error }, writes };
  } finally {
    streams.stdout.write = originals.stdout;
    streams.stderr.write = originals.stderr;
  }
}
