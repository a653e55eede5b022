import Module from 'node:module';
import { dirname, extname } from 'node:path';

/** Thrown when a module named in the configuration cannot be loaded; says which file and why. */
export class ModuleLoadError extends Error {
  /** The file that could not be loaded. */
  public readonly file: string;

  public constructor(file: string, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ModuleLoadError';
    this.file = file;
  }
}

/** Extensions loaded as TypeScript (compiled with esbuild first); anything else is `require`d as it is. */
const TYPESCRIPT = new Set(['.ts', '.mts', '.cts', '.tsx']);

type NodeModuleInternals = typeof Module & {
  _nodeModulePaths(from: string): string[];
};

/** esbuild, as the service has it installed (serverless-esbuild brings it): looked up from the service, then from Periscope. */
function esbuildFor(file: string): typeof import('esbuild') {
  for (const from of [file, __filename]) {
    try {
      return Module.createRequire(from)('esbuild') as typeof import('esbuild');
    } catch {
      // Try the next place.
    }
  }
  throw new ModuleLoadError(
    file,
    `${file} is TypeScript, and loading it needs esbuild, which is not installed: add it (\`npm install --save-dev esbuild\`; serverless-esbuild already depends on it) or write the catalog in JavaScript`,
  );
}

/** Compiles a TypeScript module and what it imports by relative path into one CommonJS text; packages stay `require`s. */
function compileTypeScript(file: string): string {
  const esbuild = esbuildFor(file);
  try {
    const result = esbuild.buildSync({
      entryPoints: [file],
      bundle: true,
      packages: 'external',
      // A tsconfig `paths` entry for periscope (as in Periscope's own repository) must not pull its sources in.
      external: ['periscope', 'periscope/*'],
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      write: false,
      sourcemap: 'inline',
      logLevel: 'silent',
    });
    const [output] = result.outputFiles;
    if (output === undefined) throw new Error('esbuild produced no output');
    return output.text;
  } catch (error) {
    const errors = (error as { errors?: { text: string; location?: { file: string; line: number; column: number } | null }[] }).errors ?? [];
    const detail = errors.length > 0 ? errors.map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text)).join('\n') : String(error);
    throw new ModuleLoadError(file, `${file} does not compile:\n${detail}`, { cause: error });
  }
}

/**
 * Loads a module of the service at serverless time: a JavaScript module with `require`, a
 * TypeScript one (`.ts`, `.mts`, `.cts`) compiled in memory by esbuild with the modules it imports
 * by relative path, then run as CommonJS from its own folder, so its packages (`periscope` among
 * them) resolve from the service's `node_modules`. Nothing is written to disk and no require hook
 * is installed, so how anything else loads is untouched.
 *
 * @param file - absolute path of the module
 * @returns the module's exports
 * @throws {@link ModuleLoadError} when esbuild is missing for a TypeScript module or the module does
 * not compile; an error the module throws while running is passed on as it is (a catalog that fails
 * validation throws `CatalogValidationError`)
 * @example
 * ```ts
 * const { catalog } = loadServiceModule('/srv/orders/observability.config.ts');
 * ```
 */
export function loadServiceModule(file: string): Record<string, unknown> {
  if (!TYPESCRIPT.has(extname(file))) return Module.createRequire(file)(file) as Record<string, unknown>;
  const code = compileTypeScript(file);
  const compiled = new Module(file) as Module & { _compile(code: string, filename: string): void };
  compiled.filename = file;
  compiled.paths = (Module as NodeModuleInternals)._nodeModulePaths(dirname(file));
  compiled._compile(code, file);
  return compiled.exports as Record<string, unknown>;
}
