import { deriveSeed } from '../src/core/random.js';
import { getDomain } from '../src/domains/registry.js';
import { resolveModelDir } from '../src/embedded/provider.js';
import { createTeacher } from '../src/teachers/registry.js';

/**
 * The RL step the rollout benches time: the recipes' shape (K = 4, G = 8, 8 tasks, 48 tokens a
 * reply: 64 episodes), math at difficulty 1 on models/base-f, the scripted teacher, fixed task
 * and episode seeds so every path samples the same episodes. RL_BENCH_MODEL, RL_BENCH_DOMAIN and
 * RL_BENCH_TASKS change the model, the domain and the number of tasks.
 */
export function rolloutWorkload() {
  const tasksPerStep = Number(process.env.RL_BENCH_TASKS ?? 8);
  if (!Number.isInteger(tasksPerStep) || tasksPerStep < 1) {
    throw new Error(`RL_BENCH_TASKS must be a whole number of tasks ≥ 1, got "${process.env.RL_BENCH_TASKS}"`);
  }
  const domain = getDomain(process.env.RL_BENCH_DOMAIN ?? 'math');
  return {
    modelDir: resolveModelDir(process.env.RL_BENCH_MODEL ?? 'base-f'),
    domain,
    teacher: createTeacher('scripted'),
    shape: { turns: 4, group: 8, tasksPerStep, maxTokens: 48 },
    tasks: domain.generate({ n: tasksPerStep, seed: 7, difficulty: 1 }),
    seedOf: (t: number, g: number): number => deriveSeed(7, 'bench', t, g),
  };
}
