import type { SuiteConfig } from '../config/suite-config.js';
import { calibrateTokens, type TokenCalibration } from '../workload/token-calibration.js';
import { generateText } from '../workload/word-source.js';
import { createWorkload, type LoadedWorkload, type Workload } from '../workload/workload.js';
import { createWorkloadRandom } from '../workload/workload-random.js';
import { createPromptTokenProbe } from './prompt-token-probe.js';

/** The workload of this run: synthetic prompts are first calibrated against the server. */
export async function prepareWorkload(
  loaded: LoadedWorkload,
  config: SuiteConfig,
  baseUrl: string,
): Promise<Workload> {
  let calibration: TokenCalibration | null = null;
  if (loaded.source.kind === 'synthetic') {
    const { probe, close } = createPromptTokenProbe(config, baseUrl);
    const words = createWorkloadRandom(config.load.seed, PROBE_WORDS_STREAM);
    try {
      calibration = await calibrateTokens(
        probe,
        (chars) => generateText(words, chars),
        loaded.source.description.promptTokens.mean,
      );
    } finally {
      await close();
    }
  }
  return createWorkload(loaded, {
    seed: config.load.seed,
    maxTokens: config.load.maxTokens,
    turns: config.load.turns,
    thinkTimeMs: config.load.thinkTimeMs,
    calibration,
  });
}

/** Probe texts come from their own draw sequence, apart from the prompts'. */
const PROBE_WORDS_STREAM = 9;
