import { describe, expect, it } from 'vitest';
import type { ChatMessage } from '../../src/core/types.js';
import { makeBatch } from '../../src/embedded/batches.js';
import { applyChatTemplate } from '../../src/embedded/chat-template.js';
import { loadModel } from '../../src/embedded/checkpoint.js';
import { startRuntime } from '../../src/embedded/tensor/runtime.js';
import { GradientStep } from '../../src/embedded/tensor/transformer.js';
import type { Tokenizer } from '../../src/embedded/tokenizer.js';
import { assignCredit, type Credit } from '../../src/rl/credit.js';
import { type Denominator, rlObjective } from '../../src/rl/loss.js';
import type { Generation } from '../../src/rl/rollout.js';
import { type EpisodeSequence, episodeSequences } from '../../src/rl/sequences.js';
import { tinyLetterModel } from '../helpers/rl-fixtures.js';

// The turn-1 part of the RL²F gradient must not be drowned by the later turns. A step shaped
// like real RL²F steps: in each group one member is right at once, the rest keep failing (and in
// one group a member is rescued at attempt 2). Under episode credit with a token mean, the later
// turns are nearly all "push down" and their gradient outweighs turn 1's; under per-turn credit
// with a per-attempt mean, turns where everyone failed carry nothing.

const FEEDBACK = 'Wrong. Try again.';

function episode(tok: Tokenizer, answers: string[]): { transcript: ChatMessage[]; generations: Generation[] } {
  const transcript: ChatMessage[] = [
    { role: 'system', content: 'Say a letter.' },
    { role: 'user', content: 'Say a letter.' },
  ];
  const generations: Generation[] = [];
  answers.forEach((answer, i) => {
    if (i > 0) transcript.push({ role: 'user', content: FEEDBACK });
    const promptIds = applyChatTemplate(tok, transcript, { generationPrompt: true }).ids;
    const ids = tok.encode(answer);
    generations.push({ promptIds, ids, logprobs: ids.map(() => -1), finish: 'stop' });
    transcript.push({ role: 'assistant', content: answer });
  });
  return { transcript, generations };
}

const GROUPS = [
  [['A'], ['B C', 'A'], ['B C', 'D E', 'F G', 'H I'], ['C D', 'E F', 'G H', 'I J']],
  [['A'], ['C B', 'D', 'E F', 'G'], ['B D', 'F', 'H I', 'J'], ['D C', 'E', 'F', 'K L']],
];

describe('balance of the RL²F loss across turns', () => {
  it('per-turn credit keeps the turn-1 gradient from being drowned by later turns', async () => {
    await startRuntime();
    const files = loadModel(tinyLetterModel(5));
    const tok = files.tokenizer;
    const pad = tok.id('<|pad|>');
    const members = GROUPS.flatMap((g, group) => g.map((answers) => ({ group, answers })));
    const step = members.map((m) => ({ ...m, ...episode(tok, m.answers) }));
    const gradient = new GradientStep(files.config);

    const norms = async (credit: Credit, denominator: Denominator): Promise<{ turn1: number; later: number }> => {
      const advantages = assignCredit(
        step.map((m) => ({ group: m.group, solvedAt: m.answers.at(-1) === 'A' ? m.answers.length : null, attempts: m.answers.length })),
        { credit, turns: 4, gamma: 0.7, stdNormalize: true },
      );
      const sequences: EpisodeSequence[] = step.map((m, i) => {
        const built = episodeSequences(tok, { maxSeq: files.config.maxSeq, maxTokens: 8 }, m.transcript, m.generations, {
          student: advantages[i] as number[],
          teacher: 0,
        });
        expect(built.retokenised).toBe(true);
        return built.sequences[0] as EpisodeSequence;
      });
      const objective = rlObjective({
        sequences,
        advantages,
        denominator,
        teacherModelling: 0,
        kl: 0,
        referenceLogprobs: sequences.map((s) => s.ids.map(() => NaN)),
      });
      const norm = async (keep: (s: EpisodeSequence, t: number) => boolean): Promise<number> => {
        const weighted = sequences.map((s, i) => ({
          ids: s.ids,
          weights: (objective.weights[i] as number[]).map((w, t) => (keep(s, t) ? w : 0)),
        }));
        const { grads } = await gradient.run(files.weights, makeBatch(weighted, pad, files.config.maxSeq, objective.denominator, 64));
        let sq = 0;
        for (const g of grads.values()) for (const x of g) sq += x * x;
        return Math.sqrt(sq);
      };
      return { turn1: await norm((s, t) => s.attempts[t] === 0), later: await norm((s, t) => (s.attempts[t] as number) > 0) };
    };

    const episodeLevel = await norms('episode', 'tokens');
    const perTurn = await norms('turn', 'attempts');
    if (process.env.RL_TEST_VERBOSE) console.log({ episodeLevel, perTurn });
    // The flaw reproduced: later turns outweigh turn 1 under episode credit and a token mean.
    expect(episodeLevel.later).toBeGreaterThan(2 * episodeLevel.turn1);
    // Fixed: turn 1 dominates, the later turns carry only the one rescue.
    expect(perTurn.later).toBeLessThan(perTurn.turn1);
    gradient.dispose();
  }, 120_000);
});
