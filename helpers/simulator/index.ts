export type { ApiError } from './api-error.js';
export type { CompletionPlan, FinishReason } from './completion-plan.js';
export type { Fault, FaultKind, FaultStatus } from './faults.js';
export { formatSimulatorHelp } from './format-simulator-help.js';
export { type ParsedSimulatorArgs, parseSimulatorArgs } from './parse-simulator-args.js';
export type { RecentSummary } from './recent-samples.js';
export {
  resolveSimulatorOptions,
  SimulatorOptionsError,
  simulatorOptionProblems,
} from './resolve-simulator-options.js';
export { SIMULATOR_VERSION, type Simulator, startSimulator } from './simulator.js';
export {
  optionEnvName,
  optionFlag,
  SIMULATOR_OPTION_TABLE,
} from './simulator-option-table.js';
export {
  DEFAULT_SIMULATOR_OPTIONS,
  type NonStreamHeadersAt,
  type SimulatorFlavor,
  type SimulatorOptions,
} from './simulator-options.js';
export { simulatorOptionsFromEnv } from './simulator-options-from-env.js';
export type { SimulatorStats } from './simulator-stats.js';
export { TruthLog, type TruthOutcome, type TruthRecord } from './truth-log.js';
