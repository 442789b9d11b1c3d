import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { brokenRelativeLinks, headingAnchors, markdownLinks } from './markdown-links.js';

const ROOT = resolve(import.meta.dirname, '../..');
/** docs/*.md, relative to the repository root. */
const DOCS = readdirSync(join(ROOT, 'docs'))
  .filter((name) => name.endsWith('.md'))
  .map((name) => `docs/${name}`);

describe('relative links in README.md and docs/*.md', () => {
  it.each(['README.md', ...DOCS])(
    '%s: every one points to a file and heading that exist',
    (file) => {
      expect(brokenRelativeLinks(join(ROOT, file), ROOT)).toEqual([]);
    },
  );

  it('the README links every file of docs/ in its docs index', () => {
    const readme = markdownLinks(readFileSync(join(ROOT, 'README.md'), 'utf8')).map(
      (link) => link.target,
    );
    const missing = DOCS.filter((doc) => !readme.includes(doc));
    expect(missing).toEqual([]);
  });
});

describe('headingAnchors', () => {
  it('makes GitHub slugs: formatting and punctuation dropped, spaces as dashes, repeats numbered', () => {
    const markdown = [
      "## k6's built-in metrics",
      '## The meta scenario (`META_RPS`)',
      '### requests.jsonl and requests.csv',
      '## Workload ([workload.md](workload.md))',
      '## Knobs',
      '## Knobs',
      '```sh',
      '# a comment in a code block',
      '```',
    ].join('\n');
    expect([...headingAnchors(markdown)]).toEqual([
      'k6s-built-in-metrics',
      'the-meta-scenario-meta_rps',
      'requestsjsonl-and-requestscsv',
      'workload-workloadmd',
      'knobs',
      'knobs-1',
    ]);
  });
});

describe('brokenRelativeLinks', () => {
  const dir = mkdtempSync(join(tmpdir(), 'md-links-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names each missing file and missing anchor, and skips web links, inline code and code blocks', () => {
    writeFileSync(join(dir, 'other.md'), '# Other\n\n## A part\n');
    writeFileSync(
      join(dir, 'doc.md'),
      [
        '# Doc',
        '[ok](other.md) [ok](other.md#a-part) [ok](#doc) [web](https://example.com/x.md)',
        '[gone](missing.md) [bad anchor](other.md#no-part)',
        '`[in code](nowhere.md)`',
        '```',
        '[in a block](nowhere.md)',
        '```',
        '[own](#nothing-here)',
      ].join('\n'),
    );
    expect(brokenRelativeLinks(join(dir, 'doc.md'), dir)).toEqual([
      'doc.md:3: missing.md points to a missing file',
      'doc.md:3: other.md#no-part: no heading of other.md has the anchor #no-part',
      'doc.md:8: #nothing-here: no heading of doc.md has the anchor #nothing-here',
    ]);
  });
});
