/** Thrown for a command line the CLI cannot follow; the message names the flag and what it takes. */
export class UsageError extends Error {
  public constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'UsageError';
  }
}

/** A command line split into `--flag value` options and `--switch`es, every flag checked against what the command knows. */
export interface ParsedArguments {
  readonly options: Readonly<Record<string, string>>;
  readonly switches: ReadonlySet<string>;
}

/**
 * Reads `argv` as `--name value` options (or `--name=value`) and bare `--switch`es; anything else,
 * and any flag the command does not know, is refused so a typo fails loudly.
 *
 * @throws {@link UsageError} naming the unknown flag, the option without a value, or the stray word
 * @example
 * ```ts
 * parseArguments(['--catalog', 'x.ts', '--check'], { options: ['catalog'], switches: ['check'] });
 * // { options: { catalog: 'x.ts' }, switches: Set { 'check' } }
 * ```
 */
export function parseArguments(argv: readonly string[], known: { readonly options: readonly string[]; readonly switches: readonly string[] }): ParsedArguments {
  const options: Record<string, string> = {};
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i += 1) {
    const word = argv[i]!;
    if (!word.startsWith('--')) throw new UsageError(`unexpected '${word}'; options start with --`);
    const [name = '', inline] = word.slice(2).split(/=(.*)/s, 2);
    if (known.switches.includes(name) && inline === undefined) {
      switches.add(name);
      continue;
    }
    if (!known.options.includes(name)) {
      throw new UsageError(`unknown option --${name} (known: ${[...known.options, ...known.switches].map((k) => `--${k}`).join(', ')})`);
    }
    const value = inline ?? argv[i + 1];
    if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) throw new UsageError(`--${name} needs a value`);
    options[name] = value;
    if (inline === undefined) i += 1;
  }
  return { options, switches };
}
