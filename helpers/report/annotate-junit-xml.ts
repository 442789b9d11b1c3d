/** What the suite adds to one `<testcase>` of Vitest's junit.xml. */
export interface JunitCaseExtras {
  /** `classname` as Vitest writes it: the spec file relative to the root. */
  classname: string;
  /** `name` as Vitest writes it: `describe > test`. */
  name: string;
  /** Why the test was skipped; written as `<skipped message="...">`. Null: left as it is. */
  skipReason: string | null;
  /** Lines for `<system-out>` (joined to any Vitest wrote there). */
  systemOut: string[];
  /** Extra `<property>` elements. */
  properties: { name: string; value: string }[];
  /** Seconds added to the test case's `time` (its share of the file's load). */
  addTimeSec: number;
}

const TESTCASE = /<testcase ([^>]*)>([\s\S]*?)<\/testcase>/g;

/**
 * Adds skip reasons, `system-out` text, properties and time to the test cases of a junit.xml
 * that Vitest 4.1's junit reporter wrote (its layout: every test case has a closing tag; `>` in
 * attribute values is escaped). Test cases are matched by classname and name, in order; those
 * without extras, and everything else, stay byte for byte.
 */
export function annotateJunitXml(xml: string, extras: readonly JunitCaseExtras[]): string {
  const queues = new Map<string, JunitCaseExtras[]>();
  for (const extra of extras) {
    const key = caseKey(extra.classname, extra.name);
    queues.set(key, [...(queues.get(key) ?? []), extra]);
  }
  return xml.replace(TESTCASE, (whole, attrs: string, body: string) => {
    const classname = unescapeXml(/(?:^|\s)classname="([^"]*)"/.exec(attrs)?.[1] ?? '');
    const name = unescapeXml(/(?:^|\s)name="([^"]*)"/.exec(attrs)?.[1] ?? '');
    const extra = queues.get(caseKey(classname, name))?.shift();
    if (extra === undefined) return whole;
    const indent = /\n([ \t]*)$/.exec(body)?.[1] ?? '        ';
    const inner = `${indent}    `;
    let newAttrs = attrs;
    if (extra.addTimeSec > 0) {
      newAttrs = attrs.replace(/(\stime=")([^"]*)"/, (_m, head: string, time: string) => {
        const seconds = Number(time) + extra.addTimeSec;
        return `${head}${Number.isFinite(seconds) ? Number(seconds.toFixed(9)) : time}"`;
      });
    }
    let newBody = body;
    if (extra.skipReason !== null) {
      newBody = newBody.replace(
        /<skipped\s*\/>/,
        `<skipped message="${escapeXml(extra.skipReason)}"/>`,
      );
    }
    if (extra.properties.length > 0) {
      const props = extra.properties
        .map(
          (p) =>
            `${inner}    <property name="${escapeXml(p.name)}" value="${escapeXml(p.value)}">\n${inner}    </property>`,
        )
        .join('\n');
      newBody = newBody.includes('</properties>')
        ? newBody.replace(/([ \t]*)<\/properties>/, `${props}\n$1</properties>`)
        : `\n${inner}<properties>\n${props}\n${inner}</properties>${newBody}`;
    }
    if (extra.systemOut.length > 0) {
      const text = escapeXml(extra.systemOut.join('\n'));
      newBody = newBody.includes('</system-out>')
        ? newBody.replace(/([ \t]*)<\/system-out>/, `${text}\n$1</system-out>`)
        : `${newBody.replace(/\s*$/, '')}\n${inner}<system-out>\n${text}\n${inner}</system-out>\n${indent}`;
    }
    return `<testcase ${newAttrs}>${newBody}</testcase>`;
  });
}

function caseKey(classname: string, name: string): string {
  return `${classname}\u0000${name}`;
}

/** Escapes text for XML attributes and content, and drops characters XML 1.0 forbids. */
export function escapeXml(text: string): string {
  return Array.from(text)
    .filter(xmlAllowed)
    .join('')
    .replaceAll('&', '&amp;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}

/** XML 1.0's Char: tab, newline, carriage return and U+0020 on, but not U+FFFE/U+FFFF. */
function xmlAllowed(char: string): boolean {
  const code = char.codePointAt(0) ?? 0;
  if (code < 0x20) return code === 0x09 || code === 0x0a || code === 0x0d;
  return code !== 0xfffe && code !== 0xffff;
}

function unescapeXml(text: string): string {
  return text
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&apos;', "'")
    .replaceAll('&amp;', '&');
}
