const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text made safe to put in HTML, attribute values included. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);

/** Only links a reader can follow safely: web addresses and in-page anchors, never `javascript:`. */
const SAFE_URL = /^(?:https?:\/\/|#|\/)/i;

/** Inline markdown on already escaped text: code, links, bold, italics. */
function inline(escaped: string): string {
  const codes: string[] = [];
  return (
    escaped
      .replace(/`([^`]+)`/g, (_m, code: string) => `\u0000${codes.push(`<code>${code}</code>`) - 1}\u0000`)
      .replace(/\[([^\]]+)\]\(([^)\s]+)\)/g, (whole, text: string, url: string) => {
        const href = url.replace(/&amp;/g, '&');
        return SAFE_URL.test(href) ? `<a href="${escapeHtml(href)}" target="_blank" rel="noopener noreferrer">${text}</a>` : whole;
      })
      .replace(/\*\*([^*]+)\*\*/g, '<strong>$1</strong>')
      .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, '$1<em>$2</em>')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: NUL marks a code span set aside above; text never holds one
      .replace(/\u0000(\d+)\u0000/g, (_m, i: string) => codes[Number(i)] as string)
  );
}

const cells = (row: string): string[] =>
  row
    .trim()
    .replace(/^\||\|$/g, '')
    .split('|')
    .map((cell) => cell.trim());

type Block = { kind: 'heading'; level: number; text: string } | { kind: 'list'; ordered: boolean; items: string[] } | { kind: 'table'; rows: string[][] } | { kind: 'paragraph'; lines: string[] };

function blocks(markdown: string): Block[] {
  const result: Block[] = [];
  const lines = markdown.replace(/\r\n?/g, '\n').split('\n');
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    const item = /^\s*(?:([-*+])|(\d+)[.)])\s+(.*)$/.exec(line);
    const last = result.at(-1);
    if (line.trim() === '') result.push({ kind: 'paragraph', lines: [] });
    else if (heading) result.push({ kind: 'heading', level: heading[1]!.length, text: heading[2] as string });
    else if (item) {
      const ordered = item[2] !== undefined;
      if (last?.kind === 'list' && last.ordered === ordered) last.items.push(item[3] as string);
      else result.push({ kind: 'list', ordered, items: [item[3] as string] });
    } else if (line.trim().startsWith('|') && /^\s*\|?[\s:|-]+\|?\s*$/.test(lines[i + 1] ?? '') && (lines[i + 1] ?? '').includes('-')) {
      const rows = [cells(line)];
      for (i += 2; i < lines.length && (lines[i] as string).trim().startsWith('|'); i += 1) rows.push(cells(lines[i] as string));
      i -= 1;
      result.push({ kind: 'table', rows });
    } else if (last?.kind === 'paragraph' && last.lines.length > 0) last.lines.push(line);
    else result.push({ kind: 'paragraph', lines: [line] });
  }
  return result.filter((block) => block.kind !== 'paragraph' || block.lines.length > 0);
}

/**
 * Renders the markdown of a CloudWatch text widget as HTML, safely: every character of the input is
 * escaped first, so the only tags in the output are the ones this function writes. Supports headings,
 * paragraphs, bold, italics, inline code, links (http, https, relative and anchors only; they open
 * in a new tab), bulleted and numbered lists, and tables.
 *
 * @example
 * ```ts
 * renderMarkdown('## Traces\n**Every** request: [open](https://example.com) <script>');
 * // '<h2>Traces</h2>\n<p><strong>Every</strong> request: <a href="https://example.com" …>open</a> &lt;script&gt;</p>'
 * ```
 */
export function renderMarkdown(markdown: string): string {
  return blocks(markdown)
    .map((block) => {
      switch (block.kind) {
        case 'heading':
          return `<h${block.level}>${inline(escapeHtml(block.text))}</h${block.level}>`;
        case 'list': {
          const tag = block.ordered ? 'ol' : 'ul';
          return `<${tag}>${block.items.map((item) => `<li>${inline(escapeHtml(item))}</li>`).join('')}</${tag}>`;
        }
        case 'table': {
          const [head = [], ...body] = block.rows;
          const row = (cellsOf: string[], tag: 'th' | 'td'): string => `<tr>${cellsOf.map((cell) => `<${tag}>${inline(escapeHtml(cell))}</${tag}>`).join('')}</tr>`;
          return `<table><thead>${row(head, 'th')}</thead><tbody>${body.map((r) => row(r, 'td')).join('')}</tbody></table>`;
        }
        default:
          return `<p>${inline(escapeHtml(block.lines.join('\n'))).replace(/\n/g, '<br>')}</p>`;
      }
    })
    .join('\n');
}
