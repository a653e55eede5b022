/**
 * `npm run runbooks [-- --out <dir>] [-- --check]`: writes one runbook per alarm kind, generated from
 * the sample catalog, to docs/runbooks/ (where every alarm description links). `--check` writes
 * nothing and fails if the files differ from what the generator makes.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { catalog } from '../observability.config';
import { generateRunbooks } from '../alarms/runbooks';

const HELP = `Usage: npm run runbooks [-- --out <dir>] [-- --check]

Writes docs/runbooks/<kind>.md, one runbook per alarm kind, from observability.config.ts.
  --out <dir>  write there instead of docs/runbooks
  --check      write nothing; exit 1 listing the files that are stale
`;

function main(argv: readonly string[]): number {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(HELP);
    return 0;
  }
  const outIndex = argv.indexOf('--out');
  const out = resolve(outIndex >= 0 && argv[outIndex + 1] ? argv[outIndex + 1]! : join(__dirname, '..', 'docs', 'runbooks'));
  const files = generateRunbooks(catalog);
  if (argv.includes('--check')) {
    const stale = Object.entries(files).filter(([name, text]) => {
      try {
        return readFileSync(join(out, name), 'utf8') !== text;
      } catch {
        return true;
      }
    });
    for (const [name] of stale) process.stderr.write(`stale: ${join(out, name)}\n`);
    if (stale.length > 0) process.stderr.write('run `npm run runbooks` to regenerate\n');
    return stale.length > 0 ? 1 : 0;
  }
  mkdirSync(out, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(out, name), text);
  process.stdout.write(`wrote ${Object.keys(files).length} runbooks to ${out}\n`);
  return 0;
}

process.exitCode = main(process.argv.slice(2));
