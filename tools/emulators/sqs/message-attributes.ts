import { invalidParameter, SqsRequestError } from './errors';

/** A message attribute as the JSON protocol carries it (`BinaryValue` in base64). */
export interface WireAttributeValue {
  readonly DataType: string;
  readonly StringValue?: string;
  readonly BinaryValue?: string;
  readonly StringListValues?: readonly string[];
  readonly BinaryListValues?: readonly string[];
}

/** A message's attributes by name. */
export type WireAttributes = Readonly<Record<string, WireAttributeValue>>;

/** SQS takes at most 10 message attributes per message. */
const MAX_ATTRIBUTES = 10;
const NAME = /^[A-Za-z0-9_.-]{1,256}$/;
const RESERVED_PREFIX = /^(aws\.|amazon\.)/i;
const DATA_TYPE = /^(String|Number|Binary)(\.[^\s]+)?$/;
/** A number SQS takes: an optional sign, digits with an optional fraction, an optional exponent. */
const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** Characters SQS allows in a body or string value: #x9 #xA #xD, #x20–#xD7FF, #xE000–#xFFFD, #x10000–#x10FFFF. */
const INVALID_CHARACTER = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** Refuses a body or string value with a character SQS does not accept, naming where it was. */
export function checkCharacters(text: string, where: string): void {
  const bad = INVALID_CHARACTER.exec(text);
  if (bad !== null) {
    const code = (bad[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0');
    throw new SqsRequestError(
      'InvalidMessageContents',
      `${where} contains the character U+${code}, which SQS does not accept (allowed: #x9, #xA, #xD, #x20 to #xD7FF, #xE000 to #xFFFD, #x10000 to #x10FFFF)`,
    );
  }
}

/** Refuses an attribute name SQS would refuse, with its rule. */
function checkName(name: string): void {
  const rule = !NAME.test(name)
    ? 'holds only A-Z, a-z, 0-9, "_", "-" and ".", 1 to 256 characters'
    : RESERVED_PREFIX.test(name)
      ? 'must not start with "AWS." or "Amazon." (reserved)'
      : name.startsWith('.') || name.endsWith('.')
        ? 'must not start or end with "."'
        : name.includes('..')
          ? 'must not hold two "." in a row'
          : undefined;
  if (rule !== undefined) throw invalidParameter(`The message attribute name '${name}' is invalid: a name ${rule}.`);
}

/** One attribute's value, checked against its data type. */
function readValue(name: string, value: WireAttributeValue): WireAttributeValue {
  const dataType = value.DataType;
  if (typeof dataType !== 'string' || dataType === '') throw invalidParameter(`The message attribute '${name}' must contain a DataType.`);
  if (!DATA_TYPE.test(dataType))
    throw invalidParameter(
      `The message attribute '${name}' has an invalid message attribute type '${dataType}': the type is String, Number or Binary, optionally with a custom label ("String.json").`,
    );
  if ((value.StringListValues?.length ?? 0) > 0 || (value.BinaryListValues?.length ?? 0) > 0) {
    throw invalidParameter(`The message attribute '${name}' has StringListValues or BinaryListValues, which SQS reserves for future use and does not take.`);
  }
  const binary = dataType.startsWith('Binary');
  const given = binary ? value.BinaryValue : value.StringValue;
  if (typeof given !== 'string' || given === '') {
    throw invalidParameter(`The message attribute '${name}' must contain non-empty message attribute value for message attribute type '${dataType}' (${binary ? 'BinaryValue' : 'StringValue'}).`);
  }
  if (dataType.startsWith('Number') && !NUMBER.test(given)) throw invalidParameter(`The message attribute '${name}' has type Number but the value '${given}' is not a number.`);
  if (!binary) checkCharacters(given, `The message attribute '${name}'`);
  return binary ? { DataType: dataType, BinaryValue: given } : { DataType: dataType, StringValue: given };
}

/**
 * A request's `MessageAttributes`, checked as SQS checks them (at most 10; names, data types and
 * values by SQS's rules) and kept in the wire shape.
 *
 * @throws SqsRequestError (`InvalidParameterValue`, `InvalidMessageContents`) naming the attribute
 */
export function readMessageAttributes(input: unknown): WireAttributes {
  if (input === undefined || input === null) return {};
  if (typeof input !== 'object' || Array.isArray(input)) throw invalidParameter('MessageAttributes must be a map of attribute name to value.');
  const entries = Object.entries(input as Record<string, WireAttributeValue>);
  if (entries.length > MAX_ATTRIBUTES) throw invalidParameter(`Number of message attributes [${entries.length}] exceeds the allowed maximum [${MAX_ATTRIBUTES}].`);
  return Object.fromEntries(
    entries.map(([name, value]) => {
      checkName(name);
      return [name, readValue(name, value ?? ({} as WireAttributeValue))];
    }),
  );
}

/**
 * A request's `MessageSystemAttributes`: SQS takes only `AWSTraceHeader`, a String.
 *
 * @throws SqsRequestError (`InvalidParameterValue`) naming any other attribute or type
 */
export function readSystemAttributes(input: unknown): WireAttributes {
  if (input === undefined || input === null) return {};
  const entries = Object.entries(input as Record<string, WireAttributeValue>);
  for (const [name, value] of entries) {
    if (name !== 'AWSTraceHeader') throw invalidParameter(`Message system attribute name '${name}' is invalid: SQS takes only AWSTraceHeader.`);
    if (value?.DataType !== 'String' || typeof value.StringValue !== 'string' || value.StringValue === '') {
      throw invalidParameter('Message system attribute AWSTraceHeader must be of type String, with a non-empty StringValue.');
    }
  }
  return Object.fromEntries(entries.map(([name, value]) => [name, { DataType: 'String', StringValue: value.StringValue as string }]));
}

/** The bytes the attributes count towards the message size: each name, data type and value. */
export const attributesSize = (attributes: WireAttributes): number =>
  Object.entries(attributes).reduce(
    (sum, [name, value]) =>
      sum +
      Buffer.byteLength(name) +
      Buffer.byteLength(value.DataType) +
      (value.StringValue === undefined ? Buffer.from(value.BinaryValue ?? '', 'base64').length : Buffer.byteLength(value.StringValue)),
    0,
  );

/**
 * The attributes a `ReceiveMessage` asked for by `MessageAttributeNames`: `All` or `.*` for every
 * one, a name for itself, `prefix.*` for the names that start with `prefix` (read as the pattern it
 * looks like, as moto reads it: `bar.*` takes `bar.id` and `barcode`).
 */
export function selectAttributes(attributes: WireAttributes, names: readonly string[]): WireAttributes {
  if (names.includes('All') || names.includes('.*')) return attributes;
  const prefixes = names.filter((name) => name.endsWith('.*')).map((name) => name.slice(0, -2));
  return Object.fromEntries(Object.entries(attributes).filter(([name]) => names.includes(name) || prefixes.some((prefix) => name.startsWith(prefix))));
}
