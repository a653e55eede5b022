/**
 * Thrown when an event is not what the trigger delivers: an SQS-wrapped function invoked without a
 * `Records` array (it is subscribed to something else, or invoked by hand), or an EventBridge detail
 * whose `metadata` cannot take a correlation id. The message names the bad input.
 */
export class TriggerEventError extends Error {
  /** The trigger the event was meant for (`sqs`, `eventbridge`). */
  public readonly trigger: string;

  public constructor(trigger: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'TriggerEventError';
    this.trigger = trigger;
  }
}
