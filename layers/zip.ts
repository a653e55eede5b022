/**
 * A deterministic zip writer on Node's zlib alone: the same entries give the same bytes, whatever the
 * order they come in, the clock or the machine. Used to pack the Lambda layer so its sha256 only
 * changes when its content does.
 */
import { crc32, deflateRawSync } from 'node:zlib';

/** One file to put in a zip. */
export interface ZipEntry {
  /** Relative path inside the zip, `/`-separated, e.g. `nodejs/node_modules/periscope/index.js`. */
  readonly path: string;
  /** The file's content. */
  readonly data: Buffer;
  /**
   * Unix permission bits stored in the entry's external attributes.
   * @default 0o644
   */
  readonly mode?: number;
}

/** Thrown when an entry cannot go in the zip (bad or duplicate path) or the zip would need zip64. */
export class ZipError extends Error {
  /** The offending entry's path, when one entry is to blame. */
  public readonly path: string | undefined;

  public constructor(message: string, path?: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ZipError';
    this.path = path;
  }
}

/** Most entries a zip without zip64 can count (the end record's 16-bit field). */
export const MAX_ZIP_ENTRIES = 0xffff;
/** Largest size or offset a zip without zip64 can hold (0xffffffff itself means "see zip64"). */
export const MAX_ZIP_BYTES = 0xfffffffe;

const LOCAL_HEADER = 0x04034b50;
const CENTRAL_HEADER = 0x02014b50;
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const UTF8_NAMES = 0x0800;
/** For deflated entries, general-purpose bit 1 says "maximum compression" (level 9). */
const MAXIMUM_COMPRESSION = 0x0002;
const STORED = 0;
const DEFLATED = 8;
/** Version made by: high byte 3 = unix (so readers apply the mode), low byte 20 = spec 2.0. */
const MADE_BY_UNIX = (3 << 8) | 20;
/** 1980-01-01 00:00:00, the earliest DOS date: no clock in the output. */
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const REGULAR_FILE = 0o100000;

interface PackedEntry {
  readonly name: Buffer;
  readonly method: number;
  readonly crc: number;
  readonly size: number;
  readonly body: Buffer;
  readonly mode: number;
  readonly offset: number;
}

function checkPath(path: string): void {
  const bad = (why: string): ZipError => new ZipError(`Zip entry path '${path}' ${why}`, path);
  if (path === '') throw bad('is empty');
  if (path.startsWith('/') || /^[A-Za-z]:/.test(path)) throw bad('is absolute; entry paths must be relative');
  if (path.includes('\\')) throw bad("contains '\\'; use '/' as the separator");
  const segments = path.split('/');
  if (segments.includes('..')) throw bad("contains '..'; entries must stay inside the archive");
  if (segments.some((segment) => segment === '' || segment === '.')) throw bad("has an empty or '.' segment");
  if (Buffer.byteLength(path) > 0xffff) throw bad('is longer than 65535 bytes');
}

/** Entries in byte order of their UTF-8 paths, after checking each path and refusing duplicates. */
function sortedEntries(entries: readonly ZipEntry[]): ZipEntry[] {
  if (entries.length > MAX_ZIP_ENTRIES) {
    throw new ZipError(`A zip without zip64 holds at most ${MAX_ZIP_ENTRIES} entries; got ${entries.length}`);
  }
  const sorted = [...entries].sort((a, b) => Buffer.compare(Buffer.from(a.path), Buffer.from(b.path)));
  sorted.forEach((entry, index) => {
    checkPath(entry.path);
    if (index > 0 && sorted[index - 1]!.path === entry.path) throw new ZipError(`Zip entry path '${entry.path}' appears more than once`, entry.path);
  });
  return sorted;
}

function checkSize(bytes: number, what: string, path?: string): void {
  if (bytes > MAX_ZIP_BYTES) throw new ZipError(`${what} is ${bytes} bytes; a zip without zip64 stops at 4 GiB`, path);
}

function pack(entry: ZipEntry, offset: number): PackedEntry {
  checkSize(entry.data.length, `Zip entry '${entry.path}'`, entry.path);
  checkSize(offset, `The zip before '${entry.path}'`, entry.path);
  const deflated = deflateRawSync(entry.data, { level: 9 });
  const stored = deflated.length >= entry.data.length;
  return {
    name: Buffer.from(entry.path, 'utf8'),
    method: stored ? STORED : DEFLATED,
    crc: crc32(entry.data),
    size: entry.data.length,
    body: stored ? entry.data : deflated,
    mode: entry.mode ?? 0o644,
    offset,
  };
}

/** The fields local and central headers share, from "version needed" to "extra field length". */
function commonFields(entry: PackedEntry): Buffer {
  const fields = Buffer.alloc(26);
  fields.writeUInt16LE(entry.method === DEFLATED ? 20 : 10, 0);
  fields.writeUInt16LE(entry.method === DEFLATED ? UTF8_NAMES | MAXIMUM_COMPRESSION : UTF8_NAMES, 2);
  fields.writeUInt16LE(entry.method, 4);
  fields.writeUInt16LE(DOS_TIME, 6);
  fields.writeUInt16LE(DOS_DATE, 8);
  fields.writeUInt32LE(entry.crc, 10);
  fields.writeUInt32LE(entry.body.length, 14);
  fields.writeUInt32LE(entry.size, 18);
  fields.writeUInt16LE(entry.name.length, 22);
  fields.writeUInt16LE(0, 24);
  return fields;
}

function localHeader(entry: PackedEntry): Buffer {
  const signature = Buffer.alloc(4);
  signature.writeUInt32LE(LOCAL_HEADER, 0);
  return Buffer.concat([signature, commonFields(entry), entry.name]);
}

function centralHeader(entry: PackedEntry): Buffer {
  const start = Buffer.alloc(6);
  start.writeUInt32LE(CENTRAL_HEADER, 0);
  start.writeUInt16LE(MADE_BY_UNIX, 4);
  const rest = Buffer.alloc(14);
  rest.writeUInt16LE(0, 0); // comment length
  rest.writeUInt16LE(0, 2); // disk number start
  rest.writeUInt16LE(0, 4); // internal attributes
  rest.writeUInt32LE(((REGULAR_FILE | (entry.mode & 0o7777)) << 16) >>> 0, 6);
  rest.writeUInt32LE(entry.offset, 10);
  return Buffer.concat([start, commonFields(entry), rest, entry.name]);
}

function endRecord(count: number, centralSize: number, centralOffset: number): Buffer {
  checkSize(centralOffset + centralSize, 'The zip');
  const record = Buffer.alloc(22);
  record.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0);
  record.writeUInt16LE(count, 8);
  record.writeUInt16LE(count, 10);
  record.writeUInt32LE(centralSize, 12);
  record.writeUInt32LE(centralOffset, 16);
  return record;
}

/**
 * Packs files into a zip, byte for byte the same for the same entries: sorted by path (byte order),
 * dated 1980-01-01 00:00, deflated at level 9 (stored when that is not smaller), unix modes and
 * UTF-8 names. No directory entries: unzip tools create folders from the paths.
 *
 * @throws {ZipError} naming the path that is empty, absolute, contains `..` or comes twice, or when
 * the zip would pass 65535 entries or 4 GiB (no zip64).
 * @example
 * ```ts
 * const zip = writeZip([{ path: 'nodejs/node_modules/periscope/index.js', data: Buffer.from(code) }]);
 * ```
 */
export function writeZip(entries: readonly ZipEntry[]): Buffer {
  const parts: Buffer[] = [];
  const packed: PackedEntry[] = [];
  let offset = 0;
  for (const entry of sortedEntries(entries)) {
    const packedEntry = pack(entry, offset);
    const header = localHeader(packedEntry);
    parts.push(header, packedEntry.body);
    packed.push(packedEntry);
    offset += header.length + packedEntry.body.length;
  }
  const central = packed.map(centralHeader);
  const centralSize = central.reduce((sum, header) => sum + header.length, 0);
  return Buffer.concat([...parts, ...central, endRecord(packed.length, centralSize, offset)]);
}
