import { randomFillSync } from 'node:crypto';

const ID_BYTES = 8;
const POOL_IDS = 512;
const pool = Buffer.alloc(ID_BYTES * POOL_IDS);
let next = POOL_IDS;

/**
 * A new 64-bit (sub)segment id, 16 lowercase hex digits, as X-Ray requires. Random bytes are drawn
 * 4 KiB at a time: one `randomFillSync` per 512 ids instead of one per id.
 */
export function newSegmentId(): string {
  if (next === POOL_IDS) {
    randomFillSync(pool);
    next = 0;
  }
  const start = next * ID_BYTES;
  next += 1;
  return pool.toString('hex', start, start + ID_BYTES);
}
