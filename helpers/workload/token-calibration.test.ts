import { describe, expect, it } from 'vitest';
import {
  calibrateTokens,
  charsForTokens,
  describeCalibration,
  ESTIMATED_CHARS_PER_TOKEN,
  ESTIMATED_OVERHEAD_TOKENS,
  type PromptTokenProbe,
} from './token-calibration.js';

const text = (chars: number) => 'x'.repeat(chars);

describe('calibrateTokens', () => {
  it("fits characters per token and the framing from the server's counts", async () => {
    // A tokenizer of 3 characters per token and 11 tokens of chat template.
    const probe: PromptTokenProbe = async (t) => ({ ok: true, promptTokens: 11 + t.length / 3 });
    const calibration = await calibrateTokens(probe, text, 512);
    expect(calibration.kind).toBe('measured');
    expect(calibration.charsPerToken).toBeCloseTo(3, 9);
    expect(calibration.overheadTokens).toBeCloseTo(11, 9);
    expect(charsForTokens(calibration, 511)).toBe(1500);
  });

  it('falls back to the documented estimate, saying why, when the server sends no usage', async () => {
    const probe: PromptTokenProbe = async () => ({
      ok: false,
      reason: 'got an answer without usage.prompt_tokens',
    });
    const calibration = await calibrateTokens(probe, text, 512);
    expect(calibration).toEqual({
      kind: 'estimate',
      charsPerToken: ESTIMATED_CHARS_PER_TOKEN,
      overheadTokens: ESTIMATED_OVERHEAD_TOKENS,
      reason: 'the probe of 505 characters got an answer without usage.prompt_tokens',
    });
    expect(describeCalibration(calibration)).toMatch(
      /^token calibration: ESTIMATE 4.00 .*no measurement: the probe/,
    );
  });

  it('falls back when the counts do not grow with the text', async () => {
    const probe: PromptTokenProbe = async () => ({ ok: true, promptTokens: 9 });
    const calibration = await calibrateTokens(probe, text, 512);
    expect(calibration.kind).toBe('estimate');
    expect(calibration.kind === 'estimate' && calibration.reason).toMatch(
      /do not grow with the text/,
    );
  });
});
