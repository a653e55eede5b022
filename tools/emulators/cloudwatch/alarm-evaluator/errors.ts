/** Base of every error of the local alarm evaluator, so a caller can catch them all with one `instanceof`. */
export class LocalAlarmError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'LocalAlarmError';
  }
}

/**
 * An alarm CloudWatch would accept but this evaluator cannot evaluate faithfully (a trimmed mean, a
 * `Unit` filter, a cross-account metric, an unsupported math function...). Refused up front, never
 * evaluated as if it were OK. The message names the alarm and the property or construct.
 */
export class UnsupportedAlarmError extends LocalAlarmError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UnsupportedAlarmError';
  }
}

/**
 * An alarm CloudWatch itself would reject: a missing required property, an unknown comparison
 * operator, `DatapointsToAlarm` above `EvaluationPeriods`, a rule naming an alarm that does not
 * exist, a cycle of composites... The message names the alarm and the property.
 */
export class InvalidAlarmError extends LocalAlarmError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidAlarmError';
  }
}

/** A composite alarm's `AlarmRule` that does not parse; `position` is the 1-based character where it goes wrong. */
export class AlarmRuleSyntaxError extends LocalAlarmError {
  public readonly position: number;

  public constructor(message: string, position: number, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AlarmRuleSyntaxError';
    this.position = position;
  }
}

/** A misuse of the evaluator at run time: time going backwards, an unknown alarm name, a bad option. */
export class AlarmEvaluationError extends LocalAlarmError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AlarmEvaluationError';
  }
}

/** A notification that cannot be written: an unknown region, a description or action that cannot be resolved. */
export class AlarmMessageError extends LocalAlarmError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'AlarmMessageError';
  }
}
