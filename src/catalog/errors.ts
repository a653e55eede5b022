/** One problem found in a catalog, located by the path of the bad key. */
export interface CatalogIssue {
  /** Where the problem is, e.g. `metrics[1].name` or `slos[0].availabilityTarget`. */
  readonly path: string;
  /** What is wrong and what is allowed. */
  readonly message: string;
}

/**
 * Thrown by `defineService` when a catalog breaks a rule. It lists every problem found, not just
 * the first, so one edit fixes them all.
 */
export class CatalogValidationError extends Error {
  /** Every problem found, in catalog order. */
  public readonly issues: readonly CatalogIssue[];

  public constructor(service: string, issues: readonly CatalogIssue[], options?: ErrorOptions) {
    const lines = issues.map((issue) => `  - ${issue.path}: ${issue.message}`);
    super(`Invalid observability catalog for service '${service}' (${issues.length} problem${issues.length === 1 ? '' : 's'}):\n${lines.join('\n')}`, options);
    this.name = 'CatalogValidationError';
    this.issues = issues;
  }
}
