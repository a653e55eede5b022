/**
 * What every benchmark section returns to `npm run bench` (tools/bench/run.ts): rows for the printed
 * table and figures for `tools/bench/results.json`.
 */
export interface BenchSection {
  /** Key in results.json (`coldStart`, `warm`, `size`, `logs`, `cost`, `generation`). */
  readonly key: string;
  /** Title of its block in the printed table. */
  readonly title: string;
  /** Printed rows: first row is the header. Cells are already formatted. */
  readonly table: readonly (readonly string[])[];
  /** Figures for results.json, numbers in the unit their name says (`medianMs`, `overheadP50Us`, `bytes`). */
  readonly figures: Readonly<Record<string, unknown>>;
  /** Assumptions or notes printed under the block (prices, what was measured and how). */
  readonly notes?: readonly string[];
}

/** Options every section takes. */
export interface BenchOptions {
  /** Fewer samples, for a quick check (the figures are then not the published ones). */
  readonly quick?: boolean;
  /** Progress lines (stderr); sections call it on long work. */
  readonly progress: (line: string) => void;
  /** A scratch directory for builds, git-ignored (tools/bench/.build). */
  readonly buildDir: string;
  /**
   * Where the measured child processes write V8 CPU profiles (`node --cpu-prof`), their bundles left
   * unminified so the profile names functions; the figures are then not the published ones.
   */
  readonly profileDir?: string;
}

/** A section's runner. */
export type BenchRunner = (options: BenchOptions) => Promise<BenchSection>;
