import { attachToolkitLayer, LAYER_PACKAGES, type LayeredFunction, ToolkitLayerError } from '../../../plugin/toolkit-layer';

const LAYER = { Ref: 'PeriscopeLambdaLayer' };

describe('putting functions on the Periscope layer', () => {
  it('adds the layer to every function with a handler and leaves the toolkit out of the esbuild bundles', () => {
    // Prepare
    const functions: Record<string, LayeredFunction> = { createOrder: { handler: 'handler.createOrder' }, image: {} };
    const esbuild: { exclude?: string[] } = { exclude: ['@aws-sdk/*'] };

    // Act
    const wiring = attachToolkitLayer({ functions, esbuild }, LAYER);

    // Assess
    expect(functions).toEqual({ createOrder: { handler: 'handler.createOrder', layers: [LAYER] }, image: {} });
    expect(esbuild.exclude).toEqual(['@aws-sdk/*', ...LAYER_PACKAGES]);
    expect(wiring).toEqual({ functions: ['createOrder'], excluded: LAYER_PACKAGES });
    expect(LAYER_PACKAGES).toEqual([
      'periscope',
      '@aws-lambda-powertools/batch',
      '@aws-lambda-powertools/idempotency',
      '@aws-lambda-powertools/logger',
      '@aws-lambda-powertools/metrics',
      '@aws-lambda-powertools/tracer',
      '@middy/core',
      'aws-xray-sdk-core',
    ]);
  });

  it("keeps a function's own layers first, and the provider's for functions that set none", () => {
    // Prepare
    const functions: Record<string, LayeredFunction> = { own: { handler: 'a.b', layers: ['arn:own'] }, inherits: { handler: 'a.c' } };

    // Act
    attachToolkitLayer({ functions, providerLayers: ['arn:shared'] }, 'arn:periscope');

    // Assess
    expect([functions['own']?.layers, functions['inherits']?.layers]).toEqual([
      ['arn:own', 'arn:periscope'],
      ['arn:shared', 'arn:periscope'],
    ]);
  });

  it("keeps serverless-esbuild's default exclusion when the service sets none, and changes nothing when run twice", () => {
    // Prepare
    const functions: Record<string, LayeredFunction> = { fn: { handler: 'a.b' } };
    const esbuild: { exclude?: string[] } = {};

    // Act
    attachToolkitLayer({ functions, esbuild }, LAYER);
    const again = attachToolkitLayer({ functions, esbuild }, LAYER);

    // Assess
    expect(esbuild.exclude).toEqual(['aws-sdk', ...LAYER_PACKAGES]);
    expect(functions['fn']?.layers).toEqual([LAYER]);
    expect(again.excluded).toEqual([]);
  });

  it('refuses a sixth layer, naming the function', () => {
    // Prepare
    const functions: Record<string, LayeredFunction> = { busy: { handler: 'a.b', layers: ['l1', 'l2', 'l3', 'l4', 'l5'] } };

    // Act + Assess
    expect(() => attachToolkitLayer({ functions }, LAYER)).toThrow(new ToolkitLayerError("function busy would have 6 layers with Periscope's; Lambda allows 5"));
  });

  it('refuses esbuild options built in code, saying what to exclude by hand', () => {
    // Act + Assess
    expect(() => attachToolkitLayer({ functions: {}, esbuild: { config: './esbuild.config.js' } }, LAYER)).toThrow(
      /custom\.esbuild\.config \(\.\/esbuild\.config\.js\) builds the esbuild options in code: add periscope, .* to its `exclude`/,
    );
  });
});
