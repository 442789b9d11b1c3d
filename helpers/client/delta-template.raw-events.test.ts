import { describe, expect, it } from 'vitest';
import { DeltaTemplate } from './delta-template.js';

function learned(data: string): DeltaTemplate {
  const template = new DeltaTemplate();
  template.learn(data, JSON.parse(data));
  return template;
}

/**
 * Two templates of the same shape: the first stream to show a tail scans for it, the second
 * uses the tail's compiled pattern. Each test uses its own tail so that it sees both.
 */
function firstAndSecond(make: (content: string) => string): DeltaTemplate[] {
  return [learned(make('a')), learned(make('b'))];
}

describe('DeltaTemplate.matchEvent, scanned and compiled tails alike', () => {
  it('reads a tail full of RegExp syntax literally', () => {
    const special = String.raw`.*+?^$\\{}()|[]/`;
    const make = (content: string) =>
      `{"choices":[{"delta":{"content":"${content}"}}],"s":"${special}"}`;
    for (const template of firstAndSecond(make)) {
      expect(template.matchEvent(`data: ${make('ok')}\n\n`, 0)).toBe(2);
      // Each RegExp character replaced by a letter it would match as syntax.
      const loose = make('ok').replace(special, 'x'.repeat(special.length));
      expect(template.matchEvent(`data: ${loose}\n\n`, 0)).toBe(-1);
      expect(template.matchEvent(`data: ${make('ok').replace('$', '')}\n\n`, 0)).toBe(-1);
    }
  });

  it('matches only at the offset given, not later in the text', () => {
    const make = (content: string) => `{"choices":[{"delta":{"content":"${content}"}}],"t":"at"}`;
    for (const template of firstAndSecond(make)) {
      const text = `: ping\n\ndata: ${make('ok')}\n\n`;
      expect(template.matchEvent(text, 0)).toBe(-1);
      expect(template.matchEvent(text, 1)).toBe(-1);
      expect(template.matchEvent(text, 8)).toBe(2);
      expect([template.tokenStart, template.tokenEnd, template.eventEnd]).toEqual([
        47,
        49,
        text.length,
      ]);
    }
  });

  it('rejects a token with a raw control character or a backslash', () => {
    const make = (content: string) => `{"choices":[{"delta":{"content":"${content}"}}],"t":"cc"}`;
    for (const template of firstAndSecond(make)) {
      expect(template.matchEvent(`data: ${make('a\tb')}\n\n`, 0)).toBe(-1);
      expect(template.matchEvent(`data: ${make('a\u001fb')}\n\n`, 0)).toBe(-1);
      expect(template.matchEvent(`data: ${make('a\\u0041')}\n\n`, 0)).toBe(-1);
      expect(template.matchEvent(`data: ${make('a b~')}\n\n`, 0)).toBe(4);
    }
  });

  it('rejects an event whose tail is cut, differs, or lacks its blank line', () => {
    const make = (content: string) => `{"choices":[{"delta":{"content":"${content}"}}],"t":"cut"}`;
    for (const template of firstAndSecond(make)) {
      const whole = `data: ${make('ok')}\n\n`;
      for (let end = whole.length - 8; end < whole.length; end++)
        expect(template.matchEvent(whole.slice(0, end), 0), `cut at ${end}`).toBe(-1);
      expect(template.matchEvent(whole.replace('"cut"', '"cot"'), 0)).toBe(-1);
      expect(template.matchEvent(`data: ${make('ok')}\nx\n`, 0)).toBe(-1);
      expect(template.matchEvent(`data: ${make('no quote after this')}`, 0)).toBe(-1);
      expect(
        template.matchEvent(
          `data: {"choices":[{"delta":{"content":"no closing quote in all of this long text`,
          0,
        ),
      ).toBe(-1);
    }
  });

  it('matches an event that ends exactly at the end of the text', () => {
    const make = (content: string) => `{"choices":[{"delta":{"content":"${content}"}}],"t":"end"}`;
    for (const template of firstAndSecond(make)) {
      const text = `data: ${make('')}\n\n`;
      expect(template.matchEvent(text, 0)).toBe(0);
      expect(template.eventEnd).toBe(text.length);
    }
  });
});

/** The text as the meter hands it over: in bytes mode also its bytes, for the scanner. */
function readFrom(template: DeltaTemplate, text: string, mode: 'string' | 'bytes'): void {
  template.useChunk(mode === 'bytes' ? Buffer.from(text, 'latin1') : null);
}

describe.each(['string', 'bytes'] as const)(
  'DeltaTemplate.matchEvent over a run of events in one text (%s)',
  (mode) => {
    const make = (content: string) => `{"choices":[{"delta":{"content":"${content}"}}],"t":"run"}`;
    const event = (content: string) => `data: ${make(content)}\n\n`;

    /** Every event matched in order from offset 0; stops at the first miss. */
    function walk(template: DeltaTemplate, text: string): { tokens: string[]; stoppedAt: number } {
      const tokens: string[] = [];
      readFrom(template, text, mode);
      let at = 0;
      while (at < text.length) {
        if (template.matchEvent(text, at) < 0) break;
        tokens.push(text.slice(template.tokenStart, template.tokenEnd));
        at = template.eventEnd;
      }
      return { tokens, stoppedAt: at };
    }

    it('reads each event of a run, however the text after the last one looks', () => {
      for (const template of firstAndSecond(make)) {
        const run = ['one', ' two', '', ' three'].map(event).join('');
        expect(walk(template, run)).toEqual({
          tokens: ['one', ' two', '', ' three'],
          stoppedAt: run.length,
        });
        const tailed = `${run}data: [DONE]\n\n`;
        expect(walk(template, tailed)).toEqual({
          tokens: ['one', ' two', '', ' three'],
          stoppedAt: run.length,
        });
      }
    });

    it('stops at an event whose head differs by one character, having read the one before', () => {
      for (const template of firstAndSecond(make)) {
        const odd = event('x').replace('"choices"', '"choiceS"');
        const text = event('a') + odd + event('b');
        expect(walk(template, text)).toEqual({ tokens: ['a'], stoppedAt: event('a').length });
      }
    });

    it('stops at a run event whose tail differs, even when the next head is right', () => {
      for (const template of firstAndSecond(make)) {
        const bad = event('x').replace('"run"', '"rum"');
        const text = event('a') + bad + event('b');
        expect(walk(template, text)).toEqual({ tokens: ['a'], stoppedAt: event('a').length });
      }
    });

    it('compares the head again in another text at the same offset', () => {
      for (const template of firstAndSecond(make)) {
        const text = event('a') + event('b');
        readFrom(template, text, mode);
        expect(template.matchEvent(text, 0)).toBe(1);
        const at = template.eventEnd;
        // Same length and offset, another head: the head compared in `text` says nothing here.
        const other = event('a') + event('b').replace('"choices"', '"choiceS"');
        expect(other.length).toBe(text.length);
        readFrom(template, other, mode);
        expect(template.matchEvent(other, at)).toBe(-1);
        readFrom(template, text, mode);
        expect(template.matchEvent(text, at)).toBe(1);
      }
    });

    it('forgets a compared head when it learns another template', () => {
      const shaped = (version: string) => (content: string) =>
        `{"v":"${version}","choices":[{"delta":{"content":"${content}"}}]}`;
      const template = learned(shaped('1')('a'));
      const text = ['a', 'b'].map((content) => `data: ${shaped('1')(content)}\n\n`).join('');
      readFrom(template, text, mode);
      expect(template.matchEvent(text, 0)).toBe(1);
      const at = template.eventEnd;
      // Same tail, a head of the same length that differs: the events in `text` no longer fit.
      template.learn(shaped('2')('z'), JSON.parse(shaped('2')('z')));
      expect(template.matchEvent(text, at)).toBe(-1);
    });
  },
);

describe('DeltaTemplate.matchEvent with the shared scanner', () => {
  const make = (content: string) => `{"choices":[{"delta":{"content":"${content}"}}],"t":"two"}`;
  const event = (content: string) => `data: ${make(content)}\n\n`;

  it('reloads its chunk after another template has scanned its own', () => {
    const first = learned(make('a'));
    const second = learned(make('a'));
    const mine = event('a') + event('bb') + event('c');
    // Same length, another second token: scanned as `mine`, it would read 'xx' as 'bb'.
    const theirs = event('a') + event('x"') + event('c');
    first.useChunk(Buffer.from(mine, 'latin1'));
    second.useChunk(Buffer.from(theirs, 'latin1'));
    expect(first.matchEvent(mine, 0)).toBe(1);
    expect(second.matchEvent(theirs, 0)).toBe(1);
    const at = first.eventEnd;
    expect(first.matchEvent(mine, at)).toBe(2);
    expect(second.matchEvent(theirs, at)).toBe(-1);
  });

  it('loads its new joint after learning another tail', () => {
    const shaped = (t: string) => (content: string) =>
      `{"choices":[{"delta":{"content":"${content}"}}],"t":"${t}"}`;
    const template = learned(shaped('one')('a'));
    const text = ['a', 'b', 'c'].map((content) => `data: ${shaped('one')(content)}\n\n`).join('');
    template.useChunk(Buffer.from(text, 'latin1'));
    expect(template.matchEvent(text, 0)).toBe(1);
    const at = template.eventEnd;
    // Same head, a tail of the same length that differs: the events in `text` no longer fit.
    template.learn(shaped('two')('z'), JSON.parse(shaped('two')('z')));
    expect(template.matchEvent(text, at)).toBe(-1);
  });

  it('reads the text itself when the bytes given are not its own', () => {
    const template = learned(make('a'));
    const text = event('a') + event('b');
    template.useChunk(Buffer.from(`${text}!`, 'latin1'));
    expect(template.matchEvent(text, 0)).toBe(1);
    expect(template.matchEvent(text, template.eventEnd)).toBe(1);
  });
});

describe('DeltaTemplate.readRun', () => {
  const make = (content: string) => `{"choices":[{"delta":{"content":"${content}"}}],"t":"rr"}`;
  const event = (content: string) => `data: ${make(content)}\n\n`;

  /** matchEvent at 0 with the text's bytes, then readRun: what it read and where it stopped. */
  function run(text: string) {
    const template = learned(make('a'));
    template.useChunk(Buffer.from(text, 'latin1'));
    expect(template.matchEvent(text, 0)).toBeGreaterThanOrEqual(0);
    const events = template.readRun(text);
    return { events, outputs: template.runOutputs, stop: template.eventEnd, template };
  }

  it('reads every event whose joint follows, counting the empty ones as no output', () => {
    const text = ['a', 'b', '', 'c', 'd'].map(event).join('');
    const { events, outputs, stop, template } = run(text);
    // b, '' and c are followed by the joint; d, the last, is left to matchEvent.
    expect({ events, outputs }).toEqual({ events: 3, outputs: 2 });
    expect(stop).toBe(text.length - event('d').length);
    expect(template.matchEvent(text, stop)).toBe(1);
    expect(template.eventEnd).toBe(text.length);
  });

  it('stops before an event whose token is not plain, or whose tail differs', () => {
    for (const odd of [event('x\\"y'), event('x').replace('"rr"', '"rR"')]) {
      const text = event('a') + event('b') + odd + event('c');
      const { events, outputs, stop, template } = run(text);
      expect({ events, outputs }).toEqual({ events: 1, outputs: 1 });
      expect(stop).toBe(event('a').length + event('b').length);
      expect(template.matchEvent(text, stop)).toBe(-1);
    }
  });

  it('reads nothing unless the last matchEvent scanned a joint in this text', () => {
    const text = event('a') + event('b') + event('c');
    const template = learned(make('a'));
    // No bytes: the string path, no joint scanned.
    expect(template.matchEvent(text, 0)).toBe(1);
    expect(template.readRun(text)).toBe(0);
    template.useChunk(Buffer.from(text, 'latin1'));
    expect(template.matchEvent(text, 0)).toBe(1);
    const other = `${text.slice(0, -1)}!`;
    expect(template.readRun(other)).toBe(0);
    expect(template.readRun(text)).toBe(1);
    // Once read, not again from the same place.
    expect(template.readRun(text)).toBe(0);
  });
});

describe('DeltaTemplate.readByteEvents', () => {
  const make = (content: string) => `{"choices":[{"delta":{"content":"${content}"}}],"t":"rb"}`;
  const event = (content: string) => `data: ${make(content)}\n\n`;

  /** readByteEvents over the bytes of `text` from `at`: what it read and where it stopped. */
  function read(text: string, at = 0) {
    const template = learned(make('a'));
    const next = template.readByteEvents(Buffer.from(text, 'latin1'), at);
    return { next, events: template.runEvents, outputs: template.runOutputs };
  }

  it('reads a lone event that ends the chunk, as a paced stream delivers it', () => {
    expect(read(event('one'))).toEqual({ next: event('one').length, events: 1, outputs: 1 });
    expect(read(event(''))).toEqual({ next: event('').length, events: 1, outputs: 0 });
  });

  it('reads a run and the event that ends it, counting the empty ones as no output', () => {
    const text = ['a', 'b', '', 'c'].map(event).join('');
    expect(read(text)).toEqual({ next: text.length, events: 4, outputs: 3 });
  });

  it('reads from the offset given, and stops before an event of another shape', () => {
    const before = 'data: {"x":1}\n\n';
    const text = `${before + event('a') + event('b')}data: [DONE]\n\n`;
    expect(read(text, before.length)).toEqual({
      next: before.length + event('a').length + event('b').length,
      events: 2,
      outputs: 2,
    });
  });

  it('reads nothing from an event whose tail differs, is cut, or whose token is not plain', () => {
    const usage = event('a').replace('}}],', '}}],"usage":{"n":1},');
    for (const text of [usage, event('a').slice(0, -1), event('x\\"y'), event('a\u0001')]) {
      expect(read(text)).toEqual({ next: 0, events: 0, outputs: 0 });
    }
  });

  it('reads the run before an event whose tail differs, and not that event', () => {
    const odd = event('x').replace('"rb"', '"rB"');
    const text = event('a') + event('b') + odd;
    expect(read(text)).toEqual({
      next: event('a').length + event('b').length,
      events: 2,
      outputs: 2,
    });
  });

  it('reads nothing when the head differs', () => {
    expect(read(event('a').replace('"choices"', '"choiceS"'))).toEqual({
      next: 0,
      events: 0,
      outputs: 0,
    });
  });
});
