import { describe, expect, it } from 'vitest';
import { annotateJunitXml, type JunitCaseExtras } from './annotate-junit-xml.js';

// As Vitest 4.1's junit reporter writes it (indentation, bare <skipped/>, properties).
const VITEST_XML = `<?xml version="1.0" encoding="UTF-8" ?>
<testsuites name="vitest tests" tests="3" failures="0" errors="0" time="5.3">
    <testsuite name="specs/stream/short.spec.ts" timestamp="2026-11-30T14:22:27.724Z" hostname="vm" tests="3" failures="0" errors="0" skipped="1" time="5.3">
        <testcase classname="specs/stream/short.spec.ts" name="chat stream &gt; p95 TTFT &lt; 1000 ms" time="0.007">
            <properties>
                <property name="sla" value="PASS p(95) llm_ttft_ms = 136 ms">
                </property>
            </properties>
        </testcase>
        <testcase classname="specs/stream/short.spec.ts" name="chat stream &gt; other" time="0.001">
        </testcase>
        <testcase classname="specs/stream/short.spec.ts" name="chat stream &gt; baseline" time="0.0006">
            <skipped/>
        </testcase>
    </testsuite>
</testsuites>
`;

function extras(overrides: Partial<JunitCaseExtras> & { name: string }): JunitCaseExtras {
  return {
    classname: 'specs/stream/short.spec.ts',
    skipReason: null,
    systemOut: [],
    properties: [],
    addTimeSec: 0,
    ...overrides,
  };
}

describe('annotateJunitXml', () => {
  it("writes a skipped test's reason into <skipped message>", () => {
    const xml = annotateJunitXml(VITEST_XML, [
      extras({
        name: 'chat stream > baseline',
        skipReason: 'BASELINE is not set: set BASELINE=<path>',
      }),
    ]);
    expect(xml).toContain('<skipped message="BASELINE is not set: set BASELINE=&lt;path&gt;"/>');
    expect(xml).not.toContain('<skipped/>');
  });

  it('adds system-out text, a property and time to the matching test case only', () => {
    const xml = annotateJunitXml(VITEST_XML, [
      extras({
        name: 'chat stream > p95 TTFT < 1000 ms',
        systemOut: ['sla: PASS p(95) llm_ttft_ms = 136 ms', 'measured <fine> & well'],
        properties: [{ name: 'load', value: '5.2 s in the hooks' }],
        addTimeSec: 1.75,
      }),
    ]);
    const ttft = xml.slice(xml.indexOf('p95 TTFT'), xml.indexOf('</testcase>'));
    expect(ttft).toContain('time="1.757"');
    expect(ttft).toContain('<property name="load" value="5.2 s in the hooks">');
    expect(ttft).toContain(
      '<system-out>\nsla: PASS p(95) llm_ttft_ms = 136 ms\nmeasured &lt;fine&gt; &amp; well\n',
    );
    // The first property is kept, and the new one comes inside the same <properties>.
    expect(ttft.match(/<properties>/g)).toHaveLength(1);
    expect(ttft).toContain('<property name="sla" value="PASS p(95) llm_ttft_ms = 136 ms">');
    // The other test cases are untouched.
    expect(xml.slice(xml.indexOf('chat stream &gt; other'))).toBe(
      VITEST_XML.slice(VITEST_XML.indexOf('chat stream &gt; other')),
    );
  });

  it('creates <properties> in a test case that had none', () => {
    const xml = annotateJunitXml(VITEST_XML, [
      extras({ name: 'chat stream > other', properties: [{ name: 'load', value: 'x' }] }),
    ]);
    expect(xml).toMatch(
      /name="chat stream &gt; other" time="0.001">\n\s+<properties>\n\s+<property name="load" value="x">/,
    );
  });

  it('leaves the file as it is without extras', () => {
    expect(annotateJunitXml(VITEST_XML, [])).toBe(VITEST_XML);
  });
});
