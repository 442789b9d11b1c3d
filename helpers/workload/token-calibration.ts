/** One calibration probe: a prompt of `chars` characters counted as `promptTokens` by the server. */
export interface TokenProbe {
  chars: number;
  promptTokens: number;
}

/**
 * How many characters of generated text make one token of the target model, and how many
 * tokens a one-message request costs besides its text (the chat template's framing).
 * `measured`: from the server's own `usage.prompt_tokens`; `estimate`: the fallback, with why.
 */
export type TokenCalibration =
  | { kind: 'measured'; charsPerToken: number; overheadTokens: number; probes: TokenProbe[] }
  | { kind: 'estimate'; charsPerToken: number; overheadTokens: number; reason: string };

/**
 * The fallback when the server reports no usage: 4 characters per token (OpenAI's rule of
 * thumb for English) and 7 tokens of framing for one user message (3 to prime the reply, 4
 * per message, as OpenAI's cookbook counts them).
 */
export const ESTIMATED_CHARS_PER_TOKEN = 4;
export const ESTIMATED_OVERHEAD_TOKENS = 7;

/** Asks the server to count one prompt: its `usage.prompt_tokens`, or why there is none. */
export type PromptTokenProbe = (
  text: string,
) => Promise<{ ok: true; promptTokens: number } | { ok: false; reason: string }>;

/** Characters of user text for a prompt of `tokens` tokens under a calibration (at least 1). */
export function charsForTokens(
  calibration: Pick<TokenCalibration, 'charsPerToken' | 'overheadTokens'>,
  tokens: number,
): number {
  return Math.max(1, Math.round((tokens - calibration.overheadTokens) * calibration.charsPerToken));
}

/** The probe lengths, chars: about a quarter of the mean prompt and the mean prompt. */
export function probeLengths(meanPromptTokens: number): [number, number] {
  const estimate = (meanPromptTokens - ESTIMATED_OVERHEAD_TOKENS) * ESTIMATED_CHARS_PER_TOKEN;
  const long = Math.max(2000, Math.round(estimate));
  const short = Math.max(400, Math.round(long / 4));
  return [short, long];
}

/**
 * Sends two probes of different lengths (`text(chars)` makes their text) and fits
 * tokens = overhead + chars / charsPerToken through the two counts. Falls back to the
 * estimate, saying why, when a probe fails, the server sends no usage, or the counts do not
 * grow with the text.
 */
export async function calibrateTokens(
  probe: PromptTokenProbe,
  text: (chars: number) => string,
  meanPromptTokens: number,
): Promise<TokenCalibration> {
  const lengths = probeLengths(meanPromptTokens);
  const probes: TokenProbe[] = [];
  for (const chars of lengths) {
    const result = await probe(text(chars));
    if (!result.ok) return estimate(`the probe of ${chars} characters ${result.reason}`);
    probes.push({ chars, promptTokens: result.promptTokens });
  }
  const [a, b] = probes as [TokenProbe, TokenProbe];
  const tokensPerChar = (b.promptTokens - a.promptTokens) / (b.chars - a.chars);
  if (!(tokensPerChar > 0) || !Number.isFinite(tokensPerChar)) {
    return estimate(
      `the server counted ${a.promptTokens} tokens for ${a.chars} characters and ` +
        `${b.promptTokens} for ${b.chars}: counts that do not grow with the text`,
    );
  }
  return {
    kind: 'measured',
    charsPerToken: 1 / tokensPerChar,
    overheadTokens: a.promptTokens - a.chars * tokensPerChar,
    probes,
  };
}

function estimate(reason: string): TokenCalibration {
  return {
    kind: 'estimate',
    charsPerToken: ESTIMATED_CHARS_PER_TOKEN,
    overheadTokens: ESTIMATED_OVERHEAD_TOKENS,
    reason,
  };
}

/** One line for the summary: what the calibration found, or why it fell back. */
export function describeCalibration(calibration: TokenCalibration): string {
  const fit =
    `${calibration.charsPerToken.toFixed(2)} characters per token + ` +
    `${calibration.overheadTokens.toFixed(1)} tokens per request`;
  if (calibration.kind === 'estimate') {
    return `token calibration: ESTIMATE ${fit} (no measurement: ${calibration.reason})`;
  }
  const probes = calibration.probes
    .map((p) => `${p.chars} chars -> ${p.promptTokens} tokens`)
    .join(', ');
  return `token calibration: ${fit}, from the server's usage.prompt_tokens (${probes})`;
}
