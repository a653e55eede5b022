import { captureWrites } from '../../../../tools/emulators/lambda-sandbox/capture-output';

describe('captureWrites', () => {
  it('keeps what the work writes to stdout and stderr, in order, instead of printing it', async () => {
    // Prepare
    const stdoutWrite = process.stdout.write;

    // Act
    const { settled, writes } = await captureWrites(async () => {
      process.stdout.write('{"level":"INFO"}\n');
      process.stderr.write(Buffer.from('{"level":"ERROR"}\n'));
      return 42;
    });

    // Assess
    expect(settled).toEqual({ ok: true, value: 42 });
    expect(writes).toEqual([
      { stream: 'stdout', text: '{"level":"INFO"}\n' },
      { stream: 'stderr', text: '{"level":"ERROR"}\n' },
    ]);
    expect(process.stdout.write).toBe(stdoutWrite);
  });

  it('keeps the writes of work that throws, with what it threw, and restores the streams', async () => {
    // Prepare
    const stderrWrite = process.stderr.write;
    const failure = new Error('handler failed');

    // Act
    const { settled, writes } = await captureWrites(async () => {
      process.stderr.write('stack trace\n');
      throw failure;
    });

    // Assess
    expect(settled).toEqual({ ok: false, error: failure });
    expect(writes).toEqual([{ stream: 'stderr', text: 'stack trace\n' }]);
    expect(process.stderr.write).toBe(stderrWrite);
  });

  it('calls a writer back, so one that waits for its callback goes on', async () => {
    // Act
    const { settled } = await captureWrites(() => new Promise<string>((resolve) => process.stdout.write('line\n', () => resolve('flushed'))));

    // Assess
    expect(settled).toEqual({ ok: true, value: 'flushed' });
  });
});
