import { describe, expect, it } from 'vitest';
import { escapeHtml, jsonForScript, scriptText, styleText } from './escape-html.js';

describe('escapeHtml', () => {
  it('escapes the five characters that matter in content and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});

describe('jsonForScript', () => {
  it('keeps a string from closing the script element and still parses to the same value', () => {
    const value = { label: '</script><script>alert(1)</script>', amp: 'a&b', sep: '\u2028' };
    const json = jsonForScript(value);
    expect(json).not.toMatch(/[<>&\u2028]/);
    expect(JSON.parse(json)).toEqual(value);
  });
});

describe('scriptText and styleText', () => {
  it('break every closing tag of their element, in any case', () => {
    expect(scriptText('a = "</script>"; b = "</SCRIPT >"')).toBe(
      'a = "<\\/script>"; b = "<\\/SCRIPT >"',
    );
    expect(styleText('x{content:"</style>"}')).toBe('x{content:"<\\/style>"}');
  });
});
