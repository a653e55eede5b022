import { resolve } from 'node:path';
import { build, type Message, type Metafile } from 'esbuild';
import { BenchError } from './errors';

/** The project root: where src/, handlers/ and node_modules/ are. */
export const ROOT = resolve(__dirname, '../../..');

/** Where the toolkit's source is; services import it as `periscope`. */
export const TOOLKIT_SOURCE = resolve(ROOT, 'src/index.ts');

/** Where the Slack notifier's source is; services import it as `periscope/slack-notifier`. */
export const NOTIFIER_SOURCE = resolve(ROOT, 'handlers/alerts/slack-notifier.ts');

/** What to bundle and how. */
export interface BundleOptions {
  /** Entry point, relative to the project root (`handlers/orders/handler.ts`). */
  readonly entry: string;
  /** Output file, absolute or relative to the current directory. */
  readonly outfile: string;
  /**
   * Packages left to `require` at run time, besides `@aws-sdk/*` (which the Lambda runtime ships).
   * @default []
   */
  readonly external?: readonly string[];
  /**
   * Whether `periscope` is bundled from src/index.ts; false leaves it to `require` (the layer).
   * @default true
   */
  readonly bundleToolkit?: boolean;
  /**
   * Minify as serverless.yml does; runner scripts keep names for readable stack traces.
   * @default true
   */
  readonly minify?: boolean;
}

/** A written bundle. */
export interface BuiltBundle {
  /** Its absolute path. */
  readonly outfile: string;
  /** Its size in bytes. */
  readonly bytes: number;
  /** esbuild's account of which inputs went into it. */
  readonly metafile: Metafile;
}

const describe = (message: Message): string => (message.location ? `${message.location.file}:${message.location.line}:${message.location.column}: ${message.text}` : message.text);

/**
 * Bundles an entry point with serverless.yml's esbuild settings (bundle, minify, no source map,
 * node22, CommonJS, `@aws-sdk/*` external).
 *
 * @throws {BenchError} naming the entry, with esbuild's messages
 * @example
 * ```ts
 * const { outfile, bytes } = await bundle({ entry: 'tools/bench/variants/bare.ts', outfile: 'tools/bench/.build/bare.js' });
 * ```
 */
export async function bundle(options: BundleOptions): Promise<BuiltBundle> {
  const outfile = resolve(options.outfile);
  let metafile: Metafile;
  try {
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: [options.entry],
      outfile,
      bundle: true,
      minify: options.minify ?? true,
      sourcemap: false,
      target: 'node22',
      platform: 'node',
      format: 'cjs',
      external: ['@aws-sdk/*', ...(options.external ?? [])],
      alias: options.bundleToolkit === false ? {} : { periscope: TOOLKIT_SOURCE, 'periscope/slack-notifier': NOTIFIER_SOURCE },
      metafile: true,
      logLevel: 'silent',
    });
    if (result.metafile === undefined) throw new BenchError(`esbuild gave no metafile for ${options.entry}`);
    metafile = result.metafile;
  } catch (error) {
    const errors = (error as { errors?: Message[] }).errors ?? [];
    const detail = errors.length > 0 ? errors.map(describe).join('\n') : error instanceof Error ? error.message : String(error);
    throw new BenchError(`esbuild could not bundle ${options.entry}:\n${detail}`, { cause: error });
  }
  const outputs = Object.values(metafile.outputs);
  if (outputs.length !== 1) throw new BenchError(`esbuild wrote ${outputs.length} files for ${options.entry}; expected one bundle`);
  return { outfile, bytes: outputs[0]!.bytes, metafile };
}
