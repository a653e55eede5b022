import { tracingEnv, tracingMismatch } from '../../../../tools/bench/support/tracing-modes';

describe('benchmark tracing modes', () => {
  it('selects lean with PERISCOPE_TRACING and leaves every other variant to its default', () => {
    expect([tracingEnv('periscope-lean'), tracingEnv('periscope-default'), tracingEnv('stock-powertools'), tracingEnv('none')]).toEqual([{ PERISCOPE_TRACING: 'lean' }, {}, {}, {}]);
  });

  it('accepts a process whose X-Ray SDK matches its mode', () => {
    expect([
      tracingMismatch('a', 'periscope-default', true),
      tracingMismatch('b', 'stock-powertools', true),
      tracingMismatch('c', 'periscope-lean', false),
      tracingMismatch('d', 'none', false),
    ]).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('names a lean variant that loaded the X-Ray SDK', () => {
    expect(tracingMismatch('periscope-lean-layer', 'periscope-lean', true)).toMatch(/^periscope-lean-layer \(Periscope lean .*\) loaded the X-Ray SDK, which it must not/);
  });

  it('names a default variant that did not load it (its mode was not the default)', () => {
    expect(tracingMismatch('periscope-bundled', 'periscope-default', false)).toMatch(/^periscope-bundled .* did not load the X-Ray SDK/);
  });
});
