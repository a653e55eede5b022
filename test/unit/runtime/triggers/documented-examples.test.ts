import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../../..');
const EXAMPLES = 'examples/triggers';
const read = (path: string): string => readFileSync(join(ROOT, path), 'utf8');

/** The TypeScript blocks of a markdown text, each with the line just before it (which names its file). */
function markdownBlocks(markdown: string): { label: string; code: string }[] {
  return [...markdown.matchAll(/([^\n]*)\n\n```ts\n([\s\S]*?)```/g)].map((match) => ({ label: (match[1] ?? '').trim(), code: match[2] ?? '' }));
}

/** The code of each TypeDoc `@example` of a source file, with the comment's ` * ` taken off, and the example file it names. */
function typeDocExamples(source: string): { file: string | undefined; lines: string[] }[] {
  return [...source.matchAll(/@example\n((?: \*.*\n)+?) \* ```ts\n((?: \*.*\n)+?) \* ```/g)].map((match) => ({
    file: /`(examples\/triggers\/[\w-]+\.ts)`/.exec(match[1] ?? '')?.[1],
    lines: (match[2] ?? '')
      .split('\n')
      .map((line) => line.replace(/^ \* ?/, ''))
      .filter((line) => line.trim() !== ''),
  }));
}

/** The documented examples are real files that tsc checks (`examples/` is in tsconfig), so a doc example that stops compiling fails the type check. */
describe('the trigger wrappers’ documented examples', () => {
  const exampleFiles = readdirSync(join(ROOT, EXAMPLES)).filter((file) => file !== 'catalog.ts');

  it('shows each example file in docs/triggers.md exactly as it is', () => {
    // Prepare
    const blocks = markdownBlocks(read('docs/triggers.md'));

    // Act
    const shown = Object.fromEntries(blocks.filter((block) => block.label.startsWith(`\`${EXAMPLES}/`)).map((block) => [block.label.slice(1, -1), block.code]));

    // Assess
    expect(Object.keys(shown).sort()).toEqual(exampleFiles.map((file) => `${EXAMPLES}/${file}`).sort());
    for (const [file, code] of Object.entries(shown)) expect(code).toBe(read(file));
  });

  it.each([
    ['src/runtime/with-observability.ts', 'rest-api.ts'],
    ['src/runtime/triggers/http-api.ts', 'http-api.ts'],
    ['src/runtime/triggers/sqs.ts', 'sqs.ts'],
    ['src/runtime/triggers/sns.ts', 'sns.ts'],
    ['src/runtime/triggers/eventbridge.ts', 'eventbridge.ts'],
    ['src/runtime/triggers/producer-correlation.ts', undefined],
  ])('takes the TypeDoc examples of %s from the example files they name', (source, expected) => {
    // Act
    const examples = typeDocExamples(read(source)).filter((example) => example.file !== undefined);

    // Assess
    if (expected) expect(examples.map((example) => example.file)).toContain(`${EXAMPLES}/${expected}`);
    for (const example of examples) {
      const file = read(example.file!);
      for (const line of example.lines) expect(file).toContain(line);
    }
  });
});
