import { InvalidAlarmError, UnsupportedAlarmError } from './errors';
import type { CfnValue } from './types';

/** CloudFormation properties of one resource. */
export type CfnProperties = Readonly<Record<string, CfnValue>>;

/** The alarm being read, for error messages. */
export interface ReadContext {
  readonly alarm: string;
}

type Json = { readonly [key: string]: CfnValue };

/** An error naming the alarm and the property path, for a definition CloudWatch would reject. */
export const invalid = (ctx: ReadContext, path: string, message: string, cause?: unknown): InvalidAlarmError =>
  new InvalidAlarmError(`alarm "${ctx.alarm}": ${path} ${message}`, cause === undefined ? undefined : { cause });

/** An error naming the alarm and the property path, for a definition this evaluator cannot evaluate faithfully. */
export const unsupported = (ctx: ReadContext, path: string, message: string, cause?: unknown): UnsupportedAlarmError =>
  new UnsupportedAlarmError(`alarm "${ctx.alarm}": ${path} ${message}`, cause === undefined ? undefined : { cause });

/** True for a plain JSON object (not an array, not null). */
export const isObject = (value: CfnValue | undefined): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The logical id a `{ Ref: id }` names; undefined for any other value. */
export const refOf = (value: CfnValue | undefined): string | undefined => (isObject(value) && typeof value['Ref'] === 'string' ? value['Ref'] : undefined);

/** `{ Ref }`, `{ Fn::... }`: a value CloudFormation computes at deploy time. */
export const isIntrinsic = (value: CfnValue | undefined): boolean => isObject(value) && Object.keys(value).length === 1 && /^(Ref|Fn::\w+)$/.test(Object.keys(value)[0] as string);

const show = (value: CfnValue): string => JSON.stringify(value);

/** A string property; an intrinsic cannot be resolved locally, anything else is not a string. */
export function readString(ctx: ReadContext, value: CfnValue | undefined, path: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return value;
  if (isIntrinsic(value)) throw unsupported(ctx, path, `is ${show(value)}, which is resolved at deploy time: give it as a plain string`);
  throw invalid(ctx, path, `must be a string, not ${show(value)}`);
}

/** A number property; CloudFormation also takes numbers written as strings (`"5"`). */
export function readNumber(ctx: ReadContext, value: CfnValue | undefined, path: string): number | undefined {
  if (value === undefined) return undefined;
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof number === 'number' && Number.isFinite(number)) return number;
  if (isIntrinsic(value)) throw unsupported(ctx, path, `is ${show(value)}, which is resolved at deploy time: give it as a number`);
  throw invalid(ctx, path, `must be a number, not ${show(value)}`);
}

/** A whole number of at least `min`. */
export function readInteger(ctx: ReadContext, value: CfnValue | undefined, path: string, min: number): number | undefined {
  const number = readNumber(ctx, value, path);
  if (number !== undefined && (!Number.isInteger(number) || number < min)) throw invalid(ctx, path, `must be a whole number of at least ${min}, not ${number}`);
  return number;
}

/** A boolean property; CloudFormation also takes `"true"` and `"false"`. */
export function readBoolean(ctx: ReadContext, value: CfnValue | undefined, path: string): boolean | undefined {
  if (value === undefined || typeof value === 'boolean') return value;
  if (value === 'true' || value === 'false') return value === 'true';
  if (isIntrinsic(value)) throw unsupported(ctx, path, `is ${show(value)}, which is resolved at deploy time: give it as true or false`);
  throw invalid(ctx, path, `must be true or false, not ${show(value)}`);
}

/** A list of actions, each kept as given (`{ Ref: Topic }`, an ARN, an `Fn::Sub`). */
export function readActions(ctx: ReadContext, value: CfnValue | undefined, path: string): readonly CfnValue[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value as readonly CfnValue[];
  if (isIntrinsic(value)) throw unsupported(ctx, path, `is ${show(value)}: a list computed at deploy time (Fn::If, Fn::Split...) cannot be read locally; give the list itself`);
  throw invalid(ctx, path, `must be a list of actions, not ${show(value)}`);
}

/** One value of a fixed set, or `fallback` when absent. */
export function readChoice<T extends string>(ctx: ReadContext, value: CfnValue | undefined, path: string, choices: readonly T[], fallback?: T): T {
  const text = readString(ctx, value, path);
  if (text === undefined) {
    if (fallback === undefined) throw invalid(ctx, path, `is required (one of ${choices.join(', ')})`);
    return fallback;
  }
  if (!(choices as readonly string[]).includes(text)) throw invalid(ctx, path, `is "${text}", which is not one of ${choices.join(', ')}`);
  return text as T;
}

/**
 * Refuses properties this evaluator does not know (CloudFormation would reject a misspelt one, and
 * an unknown one might change what the alarm does) and those it knows but cannot honour.
 */
export function checkProperties(ctx: ReadContext, properties: CfnProperties, path: string, known: readonly string[], refused: Readonly<Record<string, string>> = {}): void {
  for (const key of Object.keys(properties)) {
    const reason = refused[key];
    if (reason !== undefined) throw unsupported(ctx, `${path}${key}`, reason);
    if (!known.includes(key)) throw unsupported(ctx, `${path}${key}`, `is not a property this evaluator knows (it knows ${known.join(', ')})`);
  }
}
