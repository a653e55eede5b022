declare module 'dynalite' {
  import type { Server } from 'node:http';

  /** Options of dynalite, the in-process DynamoDB emulator (LevelDB in memory unless `path` is set). */
  interface DynaliteOptions {
    /** Directory to persist data in; in memory when absent. */
    path?: string;
    /** Milliseconds a table stays CREATING. */
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    ssl?: boolean;
  }

  /** Builds dynalite's HTTP server; call `listen` on it. */
  function dynalite(options?: DynaliteOptions): Server;
  export = dynalite;
}
