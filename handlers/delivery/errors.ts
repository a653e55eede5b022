/** Base of every error the delivery-metrics function raises on purpose. */
export class DeliveryMetricsError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DeliveryMetricsError';
  }
}

/**
 * An event the function cannot read: not an EventBridge event, from a source or detail type it does
 * not consume, or missing a field it needs. Logged and counted (`EventsRejected`), never retried:
 * the message names the event's id and the field at fault.
 */
export class DeliveryEventError extends DeliveryMetricsError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DeliveryEventError';
  }
}

/**
 * `PERISCOPE_DELIVERY` is missing, not JSON, or lacks a field: a deployment mistake (the plugin sets
 * it). The message names the variable and the field.
 */
export class DeliveryConfigError extends DeliveryMetricsError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DeliveryConfigError';
  }
}

/** CloudWatch refused or could not be reached: the message names the call and the dashboard or window; the cause is the SDK's error. */
export class DeliveryCloudWatchError extends DeliveryMetricsError {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'DeliveryCloudWatchError';
  }
}
