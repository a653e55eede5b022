import { createHash, type Hash } from 'node:crypto';
import type { WireAttributeValue } from './message-attributes';

/** `MD5OfMessageBody` / `MD5OfBody`: the MD5 of the body's UTF-8 bytes, in hex (the SDK checks it). */
export const md5OfBody = (body: string): string => createHash('md5').update(body, 'utf8').digest('hex');

/** Feeds a 4-byte big-endian length, then the bytes. */
function updateLengthAndBytes(hash: Hash, bytes: Buffer): void {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  hash.update(length);
  hash.update(bytes);
}

/** The transport type byte SQS hashes: 1 for a string value (String, Number), 2 for a binary one. */
const STRING_VALUE = Buffer.from([1]);
const BINARY_VALUE = Buffer.from([2]);

/**
 * `MD5OfMessageAttributes` (and `MD5OfMessageSystemAttributes`) as SQS computes it: for each
 * attribute in name order, the name, the data type and the value, each as a 4-byte length and its
 * bytes, with a transport byte before the value (1 string, 2 binary, whose bytes are the decoded
 * base64). `undefined` when there are no attributes (SQS then sends no digest).
 */
export function md5OfAttributes(attributes: Readonly<Record<string, WireAttributeValue>>): string | undefined {
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const hash = createHash('md5');
  for (const name of names) {
    const value = attributes[name] as WireAttributeValue;
    updateLengthAndBytes(hash, Buffer.from(name, 'utf8'));
    updateLengthAndBytes(hash, Buffer.from(value.DataType, 'utf8'));
    if (value.StringValue !== undefined) {
      hash.update(STRING_VALUE);
      updateLengthAndBytes(hash, Buffer.from(value.StringValue, 'utf8'));
    } else {
      hash.update(BINARY_VALUE);
      updateLengthAndBytes(hash, Buffer.from(value.BinaryValue ?? '', 'base64'));
    }
  }
  return hash.digest('hex');
}
