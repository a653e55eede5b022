/** Thrown when the catalog and the service's resources cannot make valid alarms; names what is wrong. */
export class AlarmGenerationError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AlarmGenerationError';
  }
}
