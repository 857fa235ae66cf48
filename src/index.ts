// didactic's public entry point: what a program needs to run didactic dialogues itself.
// Everything here is also reachable by deep import, but only these names are kept stable.

export * from './core/index.js';
export { domainNames, getDomain, loadDomain, loadDomains, registerDomain } from './domains/registry.js';
export { createCommandDomain, type CommandDomainOptions } from './domains/command/index.js';
export { defineDomain, type DomainSpec, type SyncDomainSpec } from './domains/define.js';
export {
  contractChecks,
  ContractViolation,
  genericWrongAttempts,
  type ContractCheck,
  type WrongAttemptFixture,
} from './domains/contract.js';
export { BUILT_IN_TEACHERS, createTeacher, loadTeachers, type TeacherContext } from './teachers/registry.js';
export { defineTeacher, type TeacherSpec } from './teachers/define.js';
export { resolveTeachers, type ResolvedTeachers } from './teachers/resolve.js';
export { createModel, providerNames, registerProvider, type ModelFactory } from './models/registry.js';
export { loadTaskFile, loadTasks } from './io/tasks.js';
export {
  createFeedbackLoop,
  type CheckContext,
  type CheckVerdict,
  type FeedbackLoop,
  type FeedbackLoopOptions,
  type FeedbackLoopResult,
} from './loop/feedback-loop.js';
export { relayFeedback, relayTeacher } from './loop/relay.js';
export { evaluate, type EvaluateOptions, type EvaluateResult } from './runner/evaluate.js';
export { runEval, type EvalProgress, type RunEvalOptions } from './runner/eval.js';
export { RunStore, type RunConfig, type StoredEpisode, type StoredTurn } from './store/run-store.js';
export { episodeOutcomes } from './results/outcomes.js';
export { buildSummary, summaryTable, writeSummaryFiles, type Summary } from './results/summary.js';
export { runUsage, type RunUsage } from './results/usage.js';
export { pairedBootstrap, wilson } from './metrics/intervals.js';
export type { EpisodeOutcome } from './metrics/outcomes.js';
export { cumulativeAccuracy, plasticity, summarize, type Plasticity, type ResultEntry, type SummaryCore } from './metrics/summary.js';
export { startEnvServer, type EnvServeOptions, type RunningEnvServer } from './env/server.js';
export { VERSION } from './version.js';
