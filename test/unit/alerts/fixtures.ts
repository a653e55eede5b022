import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { SNSEvent, SNSEventRecord } from 'aws-lambda';
import { SHARED_DIR } from '../../support/lambda';

/** A real external fixture under `<shared>/fixtures/external/`. */
export const loadExternal = <T = unknown>(path: string): T => JSON.parse(readFileSync(resolve(SHARED_DIR, 'fixtures/external', path), 'utf8')) as T;

/** One of this repository's `events/` payloads. */
export const loadEvent = (file: string): SNSEvent => JSON.parse(readFileSync(resolve(__dirname, '../../../events', file), 'utf8')) as SNSEvent;

/** The first record of an SNS event. */
export const firstRecord = (event: SNSEvent): SNSEventRecord => {
  const record = event.Records[0];
  if (!record) throw new Error('the event has no record');
  return record;
};

/** The alarm message an SNS event carries, parsed. */
export const alarmMessageOf = (event: SNSEvent): Record<string, unknown> => JSON.parse(firstRecord(event).Sns.Message) as Record<string, unknown>;

/** The same SNS event with its alarm message changed (and, optionally, its topic). */
export function withAlarmMessage(event: SNSEvent, change: Record<string, unknown>, topicArn?: string): SNSEvent {
  const record = firstRecord(event);
  const message = { ...alarmMessageOf(event), ...change };
  return { Records: [{ ...record, Sns: { ...record.Sns, Message: JSON.stringify(message), ...(topicArn ? { TopicArn: topicArn } : {}) } }] };
}

/** The error `promise` rejects with, which must be a `type`; fails the test when it resolves. */
export async function rejectionOf<E extends Error>(promise: Promise<unknown>, type: abstract new (...args: never[]) => E): Promise<E> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  if (error instanceof type) return error;
  throw new Error(`expected a ${type.name}, got ${error === undefined ? 'no rejection' : String(error)}`);
}

/** A value of Logs Insights' JSURL-like `queryDetail`. */
export type InsightsValue = string | boolean | number | InsightsValue[] | { [key: string]: InsightsValue };

// Reads `~(key~value~...)`, `~(~item~item)`, `'string` (with `*XX` escapes), numbers and booleans.
function parseInsightsDetail(text: string): InsightsValue {
  let at = 0;
  const atom = (): string => {
    const start = at;
    while (at < text.length && !'~()'.includes(text.charAt(at))) at += 1;
    return text.slice(start, at);
  };
  const value = (): InsightsValue => {
    if (text.startsWith('~(', at) || text.startsWith('(', at)) {
      at += text.startsWith('~(', at) ? 2 : 1;
      if (text.charAt(at) === '~') {
        const items: InsightsValue[] = [];
        while (text.charAt(at) === '~') {
          at += 1;
          items.push(value());
        }
        at += 1;
        return items;
      }
      const object: Record<string, InsightsValue> = {};
      while (text.charAt(at) !== ')') {
        const key = atom();
        at += 1; // '~'
        object[key] = value();
        if (text.charAt(at) === '~') at += 1;
      }
      at += 1;
      return object;
    }
    const raw = atom();
    if (raw.startsWith("'")) return decodeURIComponent(raw.slice(1).replace(/\*/g, '%'));
    return raw === 'true' ? true : raw === 'false' ? false : Number(raw);
  };
  return value();
}

/**
 * Decodes a Logs Insights console URL the way the console reads it: the fragment after
 * `logs-insights`, `$` back to `%`, URI-decoded, `?queryDetail=` removed, unescaped, then parsed.
 */
export function decodeLogsInsightsUrl(url: string): Record<string, InsightsValue> {
  const fragment = url.slice(url.indexOf('#logsV2:logs-insights') + '#logsV2:logs-insights'.length);
  const query = decodeURIComponent(fragment.replace(/\$/g, '%'));
  if (!query.startsWith('?queryDetail=')) throw new Error(`not a queryDetail fragment: ${query.slice(0, 40)}`);
  return parseInsightsDetail(decodeURIComponent(query.slice('?queryDetail='.length))) as Record<string, InsightsValue>;
}
