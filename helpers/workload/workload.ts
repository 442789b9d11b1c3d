import type { PromptFixture } from '../fixtures/prompt-fixture.js';
import type { BadLine } from './dataset-file.js';
import { drawLength, type SyntheticDescription } from './synthetic-description.js';
import { charsForTokens, type TokenCalibration } from './token-calibration.js';
import { generateText } from './word-source.js';
import type { WorkloadItem } from './workload-item.js';
import { createWorkloadRandom } from './workload-random.js';
import { type WorkloadSource, workloadName } from './workload-source.js';

/** What a run sends: the `prompt` tag, the conversation shape and the next request. */
export interface Workload {
  /** The `prompt` tag of every sample: fixture tag, `synthetic`, or the dataset's base name. */
  readonly tag: string;
  /** Requests per conversation (`TURNS`); 1: every arrival is one request. */
  readonly turns: number;
  /** Pause between a turn's answer and the next turn, ms (`THINK_TIME`). */
  readonly thinkTimeMs: number;
  /** The next item, in the seeded order; follow-up turns take their user message from it. */
  next(): WorkloadItem;
  /** What the summary shows about this workload. */
  readonly report: WorkloadReport;
}

/** The workload as the result files describe it. */
export interface WorkloadReport {
  kind: WorkloadSource['kind'];
  /** The `prompt` tag. */
  tag: string;
  /** `WORKLOAD` as given (the resolved path of a dataset). */
  source: string;
  /** Distinct items requests cycle through (samples, dataset lines, 1 for a fixture). */
  items: number;
  turns: number;
  thinkTimeMs: number;
  seed: number;
  /** Dataset lines left out under WORKLOAD_SKIP_BAD=1. */
  skippedLines: BadLine[];
  /** Synthetic prompts only: how their lengths were matched to the server's tokens. */
  calibration: TokenCalibration | null;
}

/** A workload source with its file read and checked: what the run will send, before lengths. */
export type LoadedWorkload =
  | { source: Extract<WorkloadSource, { kind: 'fixture' }>; fixture: PromptFixture }
  | { source: Extract<WorkloadSource, { kind: 'synthetic' }> }
  | {
      source: Extract<WorkloadSource, { kind: 'dataset' }>;
      items: WorkloadItem[];
      skipped: BadLine[];
    };

export interface WorkloadOptions {
  /** `SEED`: orders dataset lines and generates synthetic prompts. */
  seed: number;
  /** `MAX_TOKENS`, used when the item asks for no output length; null sends none. */
  maxTokens: number | null;
  turns: number;
  thinkTimeMs: number;
  /** Required for synthetic workloads: how characters map to the server's tokens. */
  calibration: TokenCalibration | null;
}

// Independent draw sequences from one SEED, so e.g. adding output_tokens keeps the prompts.
const STREAM_ORDER = 1;
const STREAM_PROMPT_LENGTH = 2;
const STREAM_OUTPUT_LENGTH = 3;
const STREAM_WORDS = 4;

/** Builds the workload: items in their seeded order, cycled when the run needs more. */
export function createWorkload(loaded: LoadedWorkload, options: WorkloadOptions): Workload {
  const { items, calibration } = buildItems(loaded, options);
  let index = 0;
  const source =
    loaded.source.kind === 'fixture'
      ? loaded.source.tag
      : loaded.source.kind === 'synthetic'
        ? loaded.source.description.text
        : loaded.source.path;
  return {
    tag: workloadName(loaded.source),
    turns: options.turns,
    thinkTimeMs: options.thinkTimeMs,
    next() {
      const item = items[index % items.length] as WorkloadItem;
      index++;
      return item;
    },
    report: {
      kind: loaded.source.kind,
      tag: workloadName(loaded.source),
      source,
      items: items.length,
      turns: options.turns,
      thinkTimeMs: options.thinkTimeMs,
      seed: options.seed,
      skippedLines: loaded.source.kind === 'dataset' && 'skipped' in loaded ? loaded.skipped : [],
      calibration,
    },
  };
}

function buildItems(
  loaded: LoadedWorkload,
  options: WorkloadOptions,
): { items: WorkloadItem[]; calibration: TokenCalibration | null } {
  if ('fixture' in loaded) {
    const { fixture } = loaded;
    return {
      items: [
        {
          messages: fixture.messages,
          maxTokens: fixture.maxTokens ?? options.maxTokens,
          requestedInputTokens: null,
        },
      ],
      calibration: null,
    };
  }
  if ('items' in loaded) {
    const order = shuffledIndexes(loaded.items.length, options.seed);
    return {
      items: order.map((i) => {
        const item = loaded.items[i] as WorkloadItem;
        return item.maxTokens === null && options.maxTokens !== null
          ? { ...item, maxTokens: options.maxTokens }
          : item;
      }),
      calibration: null,
    };
  }
  const calibration = options.calibration;
  if (calibration === null) throw new Error('a synthetic workload needs a token calibration');
  return {
    items: syntheticItems(loaded.source.description, calibration, options),
    calibration,
  };
}

/** `samples` prompts with lengths drawn from the description, generated up front. */
export function syntheticItems(
  description: SyntheticDescription,
  calibration: Pick<TokenCalibration, 'charsPerToken' | 'overheadTokens'>,
  options: Pick<WorkloadOptions, 'seed' | 'maxTokens'>,
): WorkloadItem[] {
  const promptLengths = createWorkloadRandom(options.seed, STREAM_PROMPT_LENGTH);
  const outputLengths = createWorkloadRandom(options.seed, STREAM_OUTPUT_LENGTH);
  const words = createWorkloadRandom(options.seed, STREAM_WORDS);
  const items: WorkloadItem[] = [];
  for (let i = 0; i < description.samples; i++) {
    const promptTokens = drawLength(description.promptTokens, promptLengths);
    const outputTokens =
      description.outputTokens === null
        ? null
        : drawLength(description.outputTokens, outputLengths);
    items.push({
      messages: [
        { role: 'user', content: generateText(words, charsForTokens(calibration, promptTokens)) },
      ],
      maxTokens: outputTokens ?? options.maxTokens,
      requestedInputTokens: promptTokens,
    });
  }
  return items;
}

/** A seeded Fisher-Yates permutation of 0..n-1. */
function shuffledIndexes(n: number, seed: number): number[] {
  const random = createWorkloadRandom(seed, STREAM_ORDER);
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = random.int(0, i);
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  return order;
}
