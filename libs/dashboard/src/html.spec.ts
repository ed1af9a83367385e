import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { escapeHtml, html, queryString, raw } from './html';

describe('html', () => {
  it('escapes every interpolated string, including quotes for attribute values', () => {
    const hostile = `<script>alert(1)</script>" onmouseover='x' \`y\` &amp;`;
    const out = html`<td title="${hostile}">${hostile}</td>`.value;
    assert.doesNotMatch(out, /<script>/);
    assert.doesNotMatch(out, /" onmouseover/);
    assert.equal(out, `<td title="${escapeHtml(hostile)}">${escapeHtml(hostile)}</td>`);
    assert.match(
      out,
      /&lt;script&gt;alert\(1\)&lt;\/script&gt;&quot; onmouseover=&#39;x&#39; &#96;y&#96; &amp;amp;/,
    );
  });

  it('keeps nested html and raw markup, escapes arrays item by item, drops null/undefined/false', () => {
    const items = ['<a>', 'b'];
    const list = html`<ul>
      ${items.map((i) => html`<li>${i}</li>`)}
    </ul>`.value;
    assert.equal(list.replace(/\s+/g, ''), '<ul><li>&lt;a&gt;</li><li>b</li></ul>');
    assert.equal(html`${null}${undefined}${false}${0}`.value, '0');
    assert.equal(html`${raw('<br>')}${['<', '>']}`.value, '<br>&lt;&gt;');
  });

  it('builds query strings without empty parameters', () => {
    assert.equal(queryString({ a: '', b: undefined, c: 'x y&z', d: 0 }), '?c=x+y%26z&d=0');
    assert.equal(queryString({ a: '' }), '');
  });
});
