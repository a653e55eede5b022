/** The three states of a CloudWatch alarm (`StateValue`). */
export const ALARM_STATES = ['OK', 'ALARM', 'INSUFFICIENT_DATA'] as const;

/** One of {@link ALARM_STATES}. */
export type AlarmState = (typeof ALARM_STATES)[number];

/** True for one of {@link ALARM_STATES}. */
export const isAlarmState = (value: unknown): value is AlarmState => (ALARM_STATES as readonly unknown[]).includes(value);
