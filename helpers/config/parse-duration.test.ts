import { describe, expect, it } from 'vitest';
import { formatDurationMs, parseDurationMs } from './parse-duration.js';

describe('parseDurationMs', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['1.5s', 1500],
    ['1m30s', 90_000],
    [' 10s ', 10_000],
  ])('reads %s as %d ms', (text, expected) => {
    expect(parseDurationMs(text)).toBe(expected);
  });

  it.each(['', '30', 'abc', '10 s', '-5s', '5x', 's'])('rejects %j', (text) => {
    expect(parseDurationMs(text)).toBeNull();
  });
});

describe('formatDurationMs', () => {
  it.each([
    [750, '750ms'],
    [30_000, '30s'],
    [120_000, '2m'],
    [90_000, '1m30s'],
    [1500, '1500ms'],
  ])('formats %d ms as %s', (ms, expected) => {
    expect(formatDurationMs(ms)).toBe(expected);
  });
});
