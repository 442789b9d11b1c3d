import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

/** A link written in a markdown file, as `[text](target)`. */
export interface MarkdownLink {
  /** 1-based line of the link. */
  line: number;
  target: string;
}

/** The markdown's lines outside fenced code blocks, each with its 1-based number. */
function proseLines(markdown: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  let fence: string | null = null;
  markdown.split('\n').forEach((text, index) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(text)?.[1];
    if (marker !== undefined) {
      if (fence === null) fence = marker[0] as string;
      else if (marker[0] === fence) fence = null;
      return;
    }
    if (fence === null) out.push({ line: index + 1, text });
  });
  return out;
}

/** Every `[text](target)` link outside code blocks and inline code. */
export function markdownLinks(markdown: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  for (const { line, text } of proseLines(markdown)) {
    const prose = text.replace(/`[^`]*`/g, '``');
    for (const match of prose.matchAll(/\]\(([^()\s]+)\)/g)) {
      links.push({ line, target: match[1] as string });
    }
  }
  return links;
}

/**
 * GitHub's anchors of a markdown file's headings: lower-cased text without formatting,
 * punctuation dropped, spaces turned into `-`, repeats numbered `-1`, `-2`, ...
 */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const { text } of proseLines(markdown)) {
    const heading = /^ {0,3}#{1,6}\s+(.*?)\s*#*\s*$/.exec(text)?.[1];
    if (heading === undefined) continue;
    const plain = heading.replace(/\[([^\]]*)\]\([^)]*\)/g, '$1').replace(/`/g, '');
    const slug = plain
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const count = seen.get(slug) ?? 0;
    seen.set(slug, count + 1);
    anchors.add(count === 0 ? slug : `${slug}-${count}`);
  }
  return anchors;
}

/**
 * The relative links of a markdown file that point nowhere: a missing file, or an anchor
 * that no heading of the target markdown file has. Web links are not checked (tests stay
 * offline). Each problem names the file, the line and the link.
 */
export function brokenRelativeLinks(file: string, root: string): string[] {
  const problems: string[] = [];
  const markdown = readFileSync(file, 'utf8');
  const shown = relative(root, file);
  for (const { line, target } of markdownLinks(markdown)) {
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    const hashAt = target.indexOf('#');
    const pathPart = hashAt === -1 ? target : target.slice(0, hashAt);
    const anchor = hashAt === -1 ? null : decodeURIComponent(target.slice(hashAt + 1));
    const linked = pathPart === '' ? file : resolve(dirname(file), decodeURIComponent(pathPart));
    if (!existsSync(linked)) {
      problems.push(`${shown}:${line}: ${target} points to a missing file`);
      continue;
    }
    if (anchor === null) continue;
    if (!linked.endsWith('.md') || statSync(linked).isDirectory()) {
      problems.push(`${shown}:${line}: ${target} has an anchor on a file that is not markdown`);
    } else if (!headingAnchors(readFileSync(linked, 'utf8')).has(anchor)) {
      problems.push(
        `${shown}:${line}: ${target}: no heading of ${relative(root, linked)} has the anchor #${anchor}`,
      );
    }
  }
  return problems;
}
