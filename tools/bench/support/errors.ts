/** Thrown when a benchmark cannot run as asked; the message names the bad input, variant or file. */
export class BenchError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'BenchError';
  }
}
