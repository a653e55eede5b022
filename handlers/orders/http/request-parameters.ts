import { BadRequestError, type FieldProblem } from 'periscope';

/** Ids in paths and queries: short and plain, so they are safe as DynamoDB keys. */
const ID = /^[A-Za-z0-9._:-]{1,64}$/;

/** Page sizes a list accepts. */
export const PAGE_LIMITS = { default: 20, min: 1, max: 100 } as const;

/** Throws one 400 naming every bad parameter, when there are any. */
export function assertNoProblems(problems: readonly FieldProblem[]): void {
  if (problems.length > 0) {
    throw new BadRequestError('ValidationFailed', `Invalid request: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`, { details: problems });
  }
}

/** Checks an id parameter, adding a problem under `field` if it is missing or malformed. */
export function checkId(field: string, value: string | undefined, problems: FieldProblem[]): string {
  if (value === undefined || value === '') problems.push({ field, message: 'is required' });
  else if (!ID.test(value)) problems.push({ field, message: 'must be 1–64 letters, digits and . _ : -' });
  return value ?? '';
}

/** Reads `limit`: absent means the default; otherwise a whole number within the page limits. */
export function checkLimit(value: string | undefined, problems: FieldProblem[]): number {
  if (value === undefined) return PAGE_LIMITS.default;
  const limit = /^\d{1,4}$/.test(value) ? Number(value) : Number.NaN;
  if (!(limit >= PAGE_LIMITS.min && limit <= PAGE_LIMITS.max)) {
    problems.push({ field: 'limit', message: `must be a whole number from ${PAGE_LIMITS.min} to ${PAGE_LIMITS.max}` });
  }
  return limit;
}
