import type { ChatMessage, Domain, Task } from '../core/types.js';
import { openingMessages } from '../core/episode.js';

// The column layouts each RL trainer loads a prompt dataset in. Every row carries a task
// reference the environment server resolves (`didactic` JSON: `task: {domain, id}` is exactly
// what POST /v1/episodes takes). Reference answers go only into reward-side columns, and only
// when asked: the model never sees those columns, but a dataset shared without answers cannot
// leak them at all.

export const EXPORT_FORMATS = ['verl', 'verl-0.7', 'openrlhf', 'trl', 'skyrl', 'verifiers'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The environment protocol the references are written for. */
export const PROTOCOL_VERSION = 1;

/** What the adapters send to the server when an episode starts, serialized into each row. */
export interface TaskReference {
  protocol: number;
  /** By id, or (a plug-in's generated task, whose id the server cannot parse) by its generator spec. */
  task: { domain: string; id: string } | { domain: string; seed: number; difficulty: number; index: number };
  difficulty: number | null;
  /** `generator:<domain>` or the task file; a file's tasks resolve only on a server started with `--data <file>`. */
  source: string;
  max_attempts: number;
  discount: number;
  teacher?: string;
}

export interface ReferenceOptions {
  maxAttempts: number;
  discount: number;
  teacher?: string;
}

export function taskReference(task: Task, o: ReferenceOptions): TaskReference {
  return {
    protocol: PROTOCOL_VERSION,
    task: { domain: task.domain, id: task.id },
    difficulty: task.metadata.difficulty ?? null,
    source: task.metadata.source,
    max_attempts: o.maxAttempts,
    discount: o.discount,
    ...(o.teacher === undefined ? {} : { teacher: o.teacher }),
  };
}

/** A column's type, enough to write JSON Lines as-is and to derive a Parquet schema. */
export type ColumnType = 'string' | 'int' | { struct: Record<string, ColumnType> } | { list: ColumnType };

const messagesType: ColumnType = { list: { struct: { role: 'string', content: 'string' } } };

export interface ExportLayout {
  columns: Record<string, ColumnType>;
  row(input: RowInput): Record<string, unknown>;
}

export interface RowInput {
  task: Task;
  domain: Domain;
  index: number;
  split: string;
  reference: TaskReference;
  /** The reference answer, or "" without `--include-answers`. */
  answer: string;
}

const prompt = (input: RowInput): ChatMessage[] => openingMessages(input.task, input.domain);
const refJson = (input: RowInput): string => JSON.stringify(input.reference);

const verlColumns = (extra: Record<string, ColumnType>): Record<string, ColumnType> => ({
  data_source: 'string',
  prompt: messagesType,
  ability: 'string',
  reward_model: { struct: { style: 'string', ground_truth: 'string' } },
  extra_info: { struct: { split: 'string', index: 'int', didactic: 'string', ...extra } },
  agent_name: 'string',
});

const verlRow = (input: RowInput, agentName: string, extra: Record<string, unknown>): Record<string, unknown> => ({
  data_source: `didactic/${input.task.domain}`,
  prompt: prompt(input),
  ability: input.task.domain,
  reward_model: { style: 'rule', ground_truth: input.answer },
  extra_info: { split: input.split, index: input.index, didactic: refJson(input), ...extra },
  agent_name: agentName,
});

export const EXPORT_LAYOUTS: Record<ExportFormat, ExportLayout> = {
  // verl ≥ 0.8: the row selects the registered didactic agent loop, which reads extra_info.didactic.
  verl: { columns: verlColumns({}), row: (input) => verlRow(input, 'didactic_agent', {}) },
  // verl ≤ 0.7: tool_agent splats extra_info.interaction_kwargs into the interaction named there.
  'verl-0.7': {
    columns: verlColumns({ interaction_kwargs: { struct: { name: 'string', didactic: 'string' } } }),
    row: (input) => verlRow(input, 'tool_agent', { interaction_kwargs: { name: 'didactic', didactic: refJson(input) } }),
  },
  // OpenRLHF: --data.input_key prompt --data.apply_chat_template --data.label_key label.
  openrlhf: {
    columns: { prompt: messagesType, label: 'string', datasource: 'string', answer: 'string' },
    row: (input) => ({ prompt: prompt(input), label: refJson(input), datasource: `didactic/${input.task.domain}`, answer: input.answer }),
  },
  // TRL: every column but `prompt` reaches rollout_func's rows and the reward functions.
  trl: {
    columns: { prompt: messagesType, didactic: 'string', answer: 'string' },
    row: (input) => ({ prompt: prompt(input), didactic: refJson(input), answer: input.answer }),
  },
  // SkyRL: columns other than prompt and env_class reach the env as `extras`.
  skyrl: {
    columns: {
      data_source: 'string',
      prompt: messagesType,
      env_class: 'string',
      reward_spec: { struct: { method: 'string', ground_truth: 'string' } },
      extra_info: { struct: { split: 'string', didactic: 'string' } },
    },
    row: (input) => ({
      data_source: `didactic/${input.task.domain}`,
      prompt: prompt(input),
      env_class: 'didactic',
      reward_spec: { method: 'rule', ground_truth: input.answer },
      extra_info: { split: input.split, didactic: refJson(input) },
    }),
  },
  // verifiers: `info` is a JSON string so every row has one schema, as its docs advise.
  verifiers: {
    columns: { prompt: messagesType, answer: 'string', info: 'string' },
    row: (input) => ({ prompt: prompt(input), answer: input.answer, info: refJson(input) }),
  },
};
