#!/usr/bin/env node
/**
 * The `periscope` command: what the generators make, outside `serverless package`.
 * `periscope runbooks` writes a service's runbooks; `periscope dashboards` its dashboard bodies;
 * `periscope reviews` reads the post-incident review drafts of a deployed stage.
 * @packageDocumentation
 */
import { DASHBOARDS_HELP, runDashboards } from './dashboards';
import type { CommandIo } from './io';
import { REVIEWS_HELP, runReviews } from './reviews';
import { RUNBOOKS_HELP, runRunbooks } from './runbooks';

/** `periscope --help`. */
export const HELP = `Usage: periscope <command> [options]

Commands:
  runbooks     write the runbook of every alarm kind, from the catalog
  dashboards   write the executive, operations and developer dashboard bodies
  reviews      list or write the post-incident review drafts of a deployed stage

\`periscope <command> --help\` tells each one's options. The Serverless plugin
(plugins: [periscope/plugin]) does both at \`serverless package\`.
`;

const COMMANDS: Readonly<Record<string, { readonly help: string; readonly run: (argv: readonly string[], io: CommandIo) => number | Promise<number> }>> = {
  runbooks: { help: RUNBOOKS_HELP, run: runRunbooks },
  dashboards: { help: DASHBOARDS_HELP, run: runDashboards },
  reviews: { help: REVIEWS_HELP, run: runReviews },
};

/**
 * Runs one command line; never throws: a bad command line or input is a message on stderr and exit
 * code 2, naming what is wrong.
 * @returns the exit code; a promise of it for a command that reads AWS (`reviews`)
 */
export function main(argv: readonly string[], io: CommandIo): number | Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h') {
    io.stdout(HELP);
    return name === undefined ? 2 : 0;
  }
  const command = COMMANDS[name];
  if (command === undefined) {
    io.stderr(`periscope: unknown command '${name}'\n\n${HELP}`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.stdout(command.help);
    return 0;
  }
  const fail = (error: unknown): number => {
    io.stderr(`periscope ${name}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  };
  try {
    const code = command.run(rest, io);
    return typeof code === 'number' ? code : code.catch(fail);
  } catch (error) {
    return fail(error);
  }
}

if (require.main === module) {
  void Promise.resolve(main(process.argv.slice(2), { cwd: process.cwd(), stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) })).then((code) => {
    process.exitCode = code;
  });
}
