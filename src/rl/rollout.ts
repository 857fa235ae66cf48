import { runEpisode } from '../core/episode.js';
import type { ChatModel, ChatRequest, ChatResponse, Domain, EpisodeResult, ExtractMode, Task, Teacher } from '../core/types.js';
import type { ChatCompletion, EmbeddedChat } from '../embedded/chat.js';

// Rollouts: whole didactic episodes with the current policy as the student. Every episode gets
// its own recording student, so the exact token ids the sampler drew for each attempt are kept
// next to the public transcript. All episodes of a step run concurrently; the embedded chat
// samples the attempts that are waiting at the same moment as one batch.

export interface Generation {
  promptIds: number[];
  ids: number[];
  logprobs: number[];
  finish: 'stop' | 'length';
}

export interface Rollout {
  task: Task;
  /** Index of the task in the step (the group). */
  group: number;
  episode: EpisodeResult;
  /** The student's generations in order: the i-th belongs to the i-th student turn. */
  generations: Generation[];
}

/** A student that samples from the embedded chat and remembers what it sampled. */
class RecordingStudent implements ChatModel {
  readonly generations: Generation[] = [];
  constructor(
    readonly id: string,
    private readonly chat: EmbeddedChat,
  ) {}

  async generate(request: ChatRequest): Promise<ChatResponse> {
    const c: ChatCompletion = await this.chat.complete(request.messages, request.settings ?? {});
    this.generations.push({ promptIds: c.promptIds, ids: c.ids, logprobs: c.logprobs, finish: c.finish });
    return { text: c.text, usage: c.usage };
  }
}

export interface RolloutOptions {
  chat: EmbeddedChat;
  domain: Domain;
  teacher: Teacher;
  tasks: Task[];
  group: number;
  turns: number;
  maxTokens: number;
  /** Seed of episode g of task t. Distinct per member, so the group members are different draws. */
  seedOf: (task: number, member: number) => number;
  /**
   * How rewarded answers are extracted; `strict` by default, because under RL a lenient fallback
   * (the last number of the text) is an exploit: mentioning the answer anywhere earns the reward.
   */
  extract?: ExtractMode;
}

export async function rollOut(options: RolloutOptions): Promise<Rollout[]> {
  const jobs = options.tasks.flatMap((task, t) =>
    Array.from({ length: options.group }, async (_, g): Promise<Rollout> => {
      const student = new RecordingStudent('embedded:policy', options.chat);
      const episode = await runEpisode({
        task,
        domain: options.domain,
        teacher: options.teacher,
        student,
        turns: options.turns,
        seed: options.seedOf(t, g),
        // Temperature 1: the policy's own distribution, whose log-probabilities the update uses.
        settings: { temperature: 1, topP: 1, maxTokens: options.maxTokens },
        extract: options.extract ?? 'strict',
      });
      return { task, group: t, episode, generations: student.generations };
    }),
  );
  return Promise.all(jobs);
}
