import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { generateRunbooks } from '../alarms/runbooks';
import { loadCatalog } from '../plugin/load-catalog';
import { parseArguments } from './arguments';
import { CATALOG_DEFAULTS, type CommandIo } from './io';

/** `periscope runbooks --help`. */
export const RUNBOOKS_HELP = `Usage: periscope runbooks [--catalog <file>] [--export <name>] [--out <dir>] [--check]

Writes <out>/<kind>.md, one runbook per alarm kind, generated from the service's catalog: the
pages every alarm description links to (set the catalog's runbookBaseUrl to where you publish them).
  --catalog <file>  the catalog module, TypeScript or JavaScript (default ${CATALOG_DEFAULTS.catalog})
  --export <name>   its export holding the catalog (default ${CATALOG_DEFAULTS.export})
  --out <dir>       where to write (default docs/runbooks)
  --check           write nothing; exit 1 listing the files that differ from what would be written
`;

/**
 * `periscope runbooks`: generates the catalog's runbooks into a folder, or with `--check` says which
 * files are stale (for CI).
 * @returns the exit code: 0, or 1 when `--check` finds stale files
 */
export function runRunbooks(argv: readonly string[], io: CommandIo): number {
  const { options, switches } = parseArguments(argv, { options: ['catalog', 'export', 'out'], switches: ['check'] });
  const catalogFile = options.catalog ?? CATALOG_DEFAULTS.catalog;
  const catalog = loadCatalog(io.cwd, catalogFile, options.export ?? CATALOG_DEFAULTS.export, '--catalog');
  const out = resolve(io.cwd, options.out ?? 'docs/runbooks');
  const files = generateRunbooks(catalog);
  if (switches.has('check')) {
    const stale = Object.entries(files).filter(([name, text]) => {
      try {
        return readFileSync(join(out, name), 'utf8') !== text;
      } catch {
        return true;
      }
    });
    for (const [name] of stale) io.stderr(`stale: ${join(out, name)}\n`);
    if (stale.length > 0) io.stderr(`regenerate them: periscope runbooks --catalog ${catalogFile} --out ${options.out ?? 'docs/runbooks'}\n`);
    else io.stdout(`${Object.keys(files).length} runbooks in ${out} are up to date\n`);
    return stale.length > 0 ? 1 : 0;
  }
  mkdirSync(out, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(out, name), text);
  io.stdout(`wrote ${Object.keys(files).length} runbooks for ${catalog.service} to ${out}\n`);
  return 0;
}
