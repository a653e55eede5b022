/**
 * How each benchmark variant traces, as its table row says, and the environment that picks
 * Periscope's mode. The default (`powertools` mode: Powertools Tracer over aws-xray-sdk-core) needs
 * nothing; lean is chosen by `PERISCOPE_TRACING=lean`, as an operator opts a function in from
 * serverless.yml, so both modes run the sample's own handler.
 */

/** A variant's tracing: none (bare), stock Powertools, or one of Periscope's two modes. */
export type VariantTracing = 'none' | 'stock-powertools' | 'periscope-default' | 'periscope-lean';

/** What the `tracing` column of a table says for each. */
export const TRACING_LABELS: Readonly<Record<VariantTracing, string>> = {
  none: 'none',
  'stock-powertools': 'stock Powertools Tracer (X-Ray SDK)',
  'periscope-default': 'Periscope default (Powertools Tracer, X-Ray SDK)',
  'periscope-lean': 'Periscope lean (XRayTracer, PERISCOPE_TRACING=lean)',
};

/** The variable that selects Periscope's tracing mode when `createTelemetry` is given none. */
export const TRACING_MODE_VARIABLE = 'PERISCOPE_TRACING';

/**
 * The variables a variant's sandbox adds for its tracing: `PERISCOPE_TRACING=lean` for lean,
 * nothing otherwise (the sandbox starts from an empty environment, so the default is the runtime's own).
 * @example
 * ```ts
 * tracingEnv('periscope-lean'); // { PERISCOPE_TRACING: 'lean' }
 * ```
 */
export function tracingEnv(tracing: VariantTracing): Readonly<Record<string, string>> {
  return tracing === 'periscope-lean' ? { [TRACING_MODE_VARIABLE]: 'lean' } : {};
}

/**
 * Whether a variant with this tracing loads the X-Ray SDK: stock Powertools and Periscope's default
 * do (Powertools Tracer is built on it); bare and Periscope lean must not.
 */
export function loadsXRaySdk(tracing: VariantTracing): boolean {
  return tracing === 'stock-powertools' || tracing === 'periscope-default';
}

/**
 * Why a variant's process contradicts its tracing (`loaded` is whether it loaded the X-Ray SDK), or
 * `undefined` when it does not: a lean variant that loaded the SDK, or a default one that did not
 * (its PERISCOPE_TRACING was not honoured), would measure another mode than its row says.
 */
export function tracingMismatch(variant: string, tracing: VariantTracing, loaded: boolean): string | undefined {
  if (loaded === loadsXRaySdk(tracing)) return undefined;
  return loaded
    ? `${variant} (${TRACING_LABELS[tracing]}) loaded the X-Ray SDK, which it must not: its figures would be another mode's`
    : `${variant} (${TRACING_LABELS[tracing]}) did not load the X-Ray SDK: it is not running Powertools Tracer, so its figures would be another mode's`;
}
