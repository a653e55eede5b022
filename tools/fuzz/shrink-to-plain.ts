import type fc from 'fast-check';

/**
 * `fc.oneof` constraints for a choice whose first option is the plain one (text encoding, no query,
 * the route's own path): a counterexample shrinks towards it, so what is left odd in a shrunk case
 * is what makes it fail.
 * @example
 * ```ts
 * fc.oneof(SHRINK_TO_PLAIN, { weight: 9, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: oddQuery });
 * ```
 */
export const SHRINK_TO_PLAIN: fc.OneOfConstraints = { withCrossShrink: true };
