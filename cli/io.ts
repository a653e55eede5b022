/** Where a command reads paths from and writes what it says: the process's, or a test's. */
export interface CommandIo {
  /** Paths on the command line are relative to this. */
  readonly cwd: string;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** The defaults every command shares. */
export const CATALOG_DEFAULTS = { catalog: './observability.config.ts', export: 'catalog' } as const;
