import { renderMarkdown } from '../../../../tools/preview/markdown';

describe('renderMarkdown', () => {
  it('renders headings, bold, italics, code and paragraphs of a text widget', () => {
    // Act
    const html = renderMarkdown('# orders: executive view\nNumbers are **per hour**, *roughly*.\n\n`FILL(errors, 0)` keeps gaps at 0.');

    // Assess
    expect(html).toBe('<h1>orders: executive view</h1>\n<p>Numbers are <strong>per hour</strong>, <em>roughly</em>.</p>\n<p><code>FILL(errors, 0)</code> keeps gaps at 0.</p>');
  });

  it('renders lists and tables', () => {
    // Act
    const html = renderMarkdown('- one\n- two\n\n1. first\n2. second\n\n| tier | page |\n|---|:---:|\n| critical | yes |');

    // Assess
    expect(html).toBe(
      '<ul><li>one</li><li>two</li></ul>\n<ol><li>first</li><li>second</li></ol>\n<table><thead><tr><th>tier</th><th>page</th></tr></thead><tbody><tr><td>critical</td><td>yes</td></tr></tbody></table>',
    );
  });

  it('links web addresses to open in a new tab', () => {
    expect(renderMarkdown('[open traces](https://local.console.example/xray?a=1&b=2#/traces)')).toBe(
      '<p><a href="https://local.console.example/xray?a=1&amp;b=2#/traces" target="_blank" rel="noopener noreferrer">open traces</a></p>',
    );
  });

  it('escapes HTML in the markdown, so a widget cannot inject a script or an attribute', () => {
    // Act
    const html = renderMarkdown('<script>alert(1)</script> <img src=x onerror="alert(2)"> **<b>bold</b>**');

    // Assess
    expect(html).toBe('<p>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x onerror=&quot;alert(2)&quot;&gt; <strong>&lt;b&gt;bold&lt;/b&gt;</strong></p>');
  });

  it('leaves a javascript: link as text', () => {
    expect(renderMarkdown('[click](javascript:alert)')).toBe('<p>[click](javascript:alert)</p>');
  });
});
