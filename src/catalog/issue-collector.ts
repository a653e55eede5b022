import type { CatalogIssue } from './errors';

/** A plain object as read from an untyped catalog. */
export type Record_ = Readonly<Record<string, unknown>>;

/** Collects issues under a path prefix, so each check names the key it is about. */
export class IssueCollector {
  public readonly issues: CatalogIssue[] = [];

  public add(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  /** Reports `path` unless `value` is a non-empty string matching `pattern`; returns whether it is. */
  public pattern(path: string, value: unknown, pattern: RegExp, what: string): value is string {
    if (typeof value !== 'string' || !pattern.test(value)) {
      this.add(path, `${describe(value)} is not ${what}`);
      return false;
    }
    return true;
  }

  /** Reports `path` unless `value` is a finite number with `min < value < max` (bounds as given). */
  public range(path: string, value: unknown, check: (n: number) => boolean, what: string): void {
    if (typeof value !== 'number' || !Number.isFinite(value) || !check(value)) {
      this.add(path, `${describe(value)} is out of range: ${what}`);
    }
  }

  /** Returns `value` as an array, reporting `path` if it is neither an array nor (when optional) absent. */
  public list(path: string, value: unknown, optional = false): readonly unknown[] {
    if (value === undefined && optional) return [];
    if (!Array.isArray(value)) {
      this.add(path, `${describe(value)} must be a list`);
      return [];
    }
    return value;
  }

  /** Reports each value that appears more than once, at the path of its second appearance. */
  public unique(paths: readonly string[], values: readonly unknown[], what: string): void {
    const seen = new Set<unknown>();
    values.forEach((value, index) => {
      if (seen.has(value)) this.add(paths[index] ?? '', `duplicate ${what} ${describe(value)}`);
      seen.add(value);
    });
  }
}

/** A value as it appears in a message: strings quoted, the rest as JSON. */
export const describe = (value: unknown): string => (value === undefined ? 'missing value' : typeof value === 'string' ? `'${value}'` : (JSON.stringify(value) ?? String(value)));

/** Whether `value` is a plain object (not null, not a list). */
export const isRecord = (value: unknown): value is Record_ => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `metrics[1] (OrderValue)`: index for the machine, name for the human. */
export const itemPath = (list: string, index: number, item: unknown): string => {
  const name = isRecord(item) && typeof item.name === 'string' && item.name !== '' ? ` (${item.name})` : '';
  return `${list}[${index}]${name}`;
};
