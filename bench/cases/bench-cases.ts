import type { BenchCase, CaseName } from '../bench-case.js';
import { memoryCase } from './memory-case.js';
import { microCase } from './micro-case.js';
import { pacingCase } from './pacing-case.js';
import { requestThroughputCase } from './request-throughput-case.js';
import { soakCase } from './soak-case.js';
import { specCpuCase } from './spec-cpu-case.js';
import { streamCapacityCase } from './stream-capacity-case.js';
import { ttftAccuracyCase } from './ttft-accuracy-case.js';

/** Every case by its `--case` name. */
export const BENCH_CASES: Readonly<Record<CaseName, BenchCase>> = {
  pacing: pacingCase,
  ttft: ttftAccuracyCase,
  'stream-capacity': streamCapacityCase,
  'request-throughput': requestThroughputCase,
  memory: memoryCase,
  micro: microCase,
  'spec-cpu': specCpuCase,
  soak: soakCase,
};
