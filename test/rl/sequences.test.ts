import { describe, expect, it } from 'vitest';
import { openingMessages } from '../../src/core/episode.js';
import type { ChatMessage } from '../../src/core/types.js';
import { applyChatTemplate } from '../../src/embedded/chat-template.js';
import { EmbeddedChat } from '../../src/embedded/chat.js';
import { EmbeddedModel } from '../../src/embedded/model.js';
import { rollOut, type Generation } from '../../src/rl/rollout.js';
import { episodeSequences, publicTranscript, type EpisodeSequence } from '../../src/rl/sequences.js';
import { letterDomain, tinyLetterModel, wrongTeacher } from '../helpers/rl-fixtures.js';

async function rollouts(turns = 3) {
  const model = await EmbeddedModel.load(tinyLetterModel());
  const result = await rollOut({
    chat: new EmbeddedChat(model),
    domain: letterDomain,
    teacher: wrongTeacher,
    tasks: letterDomain.generate({ n: 2, seed: 1 }),
    group: 6,
    turns,
    maxTokens: 6,
    seedOf: (t, g) => 100 * t + g,
  });
  return { model, result };
}

function studentIds(sequences: EpisodeSequence[]): number[] {
  return sequences.flatMap((s) => s.ids.filter((_, i) => s.roles[i] === 'student'));
}

describe('RL training sequences', () => {
  it('train exactly the token ids the sampler drew, re-tokenising the transcript whenever that reproduces them', async () => {
    const { model, result } = await rollouts();
    const tok = model.tokenizer;
    const end = tok.id('<|end|>');
    let whole = 0;
    let perAttempt = 0;
    for (const r of result) {
      const transcript = publicTranscript(openingMessages(r.task, letterDomain), r.episode);
      const built = episodeSequences(tok, { maxSeq: model.config.maxSeq, maxTokens: 6 }, transcript, r.generations, {
        student: [1, 1, 1],
        teacher: 0,
      });
      // The student's trained tokens are the sampled ids, attempt after attempt (plus each stop token).
      const sampled = r.generations.flatMap((g) => [...g.ids, ...(g.finish === 'stop' ? [end] : [])]);
      expect(studentIds(built.sequences)).toEqual(sampled);
      // Every attempt's context is the prompt the sampler saw.
      if (!built.retokenised)
        built.sequences.forEach((s, i) =>
          expect(s.ids.slice(0, (r.generations[i] as Generation).promptIds.length)).toEqual((r.generations[i] as Generation).promptIds),
        );
      // Re-tokenising is used exactly when it reproduces every sampled attempt.
      const canonical = r.generations.every((g) => JSON.stringify(tok.encode(tok.decode(g.ids))) === JSON.stringify(g.ids));
      expect(built.retokenised).toBe(canonical);
      if (built.retokenised) {
        whole++;
        expect((built.sequences[0] as EpisodeSequence).ids).toEqual(applyChatTemplate(tok, transcript).ids);
      } else perAttempt++;
    }
    // The untrained model draws both kinds of attempts, so both paths were checked.
    expect(whole).toBeGreaterThan(0);
    expect(perAttempt).toBeGreaterThan(0);
    model.dispose();
  });

  it('puts the advantage on student tokens only, and λ on teacher tokens only with teacher modelling', async () => {
    const model = await EmbeddedModel.load(tinyLetterModel());
    const tok = model.tokenizer;
    const transcript: ChatMessage[] = [
      { role: 'system', content: 'Say a letter.' },
      { role: 'user', content: 'Say a letter.' },
      { role: 'assistant', content: 'B C' },
      { role: 'user', content: 'Wrong. Try again.' },
      { role: 'assistant', content: 'A' },
    ];
    // The attempts as the sampler would have drawn them: canonical ids, stopped at <|end|>.
    const prefix1 = applyChatTemplate(tok, transcript.slice(0, 2), { generationPrompt: true }).ids;
    const prefix2 = applyChatTemplate(tok, transcript.slice(0, 4), { generationPrompt: true }).ids;
    const generations: Generation[] = [
      { promptIds: prefix1, ids: tok.encode('B C'), logprobs: tok.encode('B C').map(() => -1), finish: 'stop' },
      { promptIds: prefix2, ids: tok.encode('A'), logprobs: [-1], finish: 'stop' },
    ];
    const sft = applyChatTemplate(tok, transcript);
    const WINDOW = { maxSeq: model.config.maxSeq, maxTokens: 6 };
    const plain = episodeSequences(tok, WINDOW, transcript, generations, { student: [0.5, 0.5], teacher: 0 });
    expect(plain.retokenised).toBe(true);
    const seq = plain.sequences[0] as EpisodeSequence;
    // The student's positions are exactly the template's assistant training mask.
    expect(seq.weights.map((w) => (w !== 0 ? 1 : 0))).toEqual(sft.trainMask);
    expect(seq.weights.filter((w) => w !== 0).every((w) => w === 0.5)).toBe(true);

    const modelled = episodeSequences(tok, WINDOW, transcript, generations, { student: [-0.25, -0.25], teacher: 0.3 })
      .sequences[0] as EpisodeSequence;
    const teacherBody = tok.encode('Wrong. Try again.');
    const teacherAt = modelled.ids.indexOf(tok.id('<|teacher|>'));
    modelled.weights.forEach((w, i) => {
      const inTeacher = i > teacherAt && i <= teacherAt + teacherBody.length + 1; // body and its <|end|>
      if (inTeacher) expect(w).toBe(0.3);
      else if (sft.trainMask[i] === 1) expect(w).toBe(-0.25);
      else expect(w).toBe(0);
    });
    // The per-attempt form (used when re-tokenising does not reproduce the rollout) masks the same way.
    const odd: Generation[] = [generations[0] as Generation, { ...(generations[1] as Generation), promptIds: [...prefix2] }];
    odd[0] = { ...(odd[0] as Generation), ids: [...(odd[0] as Generation).ids].reverse() };
    const split = episodeSequences(tok, WINDOW, transcript, odd, { student: [1, 2], teacher: 0.3 });
    expect(split.retokenised).toBe(false);
    const second = split.sequences[1] as EpisodeSequence;
    expect(second.ids.filter((_, i) => second.roles[i] === 'teacher')).toEqual([...teacherBody, tok.id('<|end|>')]);
    expect(second.weights.filter((w) => w === 0.3)).toHaveLength(teacherBody.length + 1);
    // Each attempt carries its own advantage; the feedback belongs to the attempt it answers.
    expect(second.weights.filter((_, i) => second.roles[i] === 'student').every((w) => w === 2)).toBe(true);
    expect(new Set(second.attempts.filter((_, i) => second.roles[i] === 'teacher'))).toEqual(new Set([0]));
    expect(new Set(second.attempts.filter((_, i) => second.roles[i] === 'student'))).toEqual(new Set([1]));
    expect((split.sequences[0] as EpisodeSequence).roles.includes('teacher')).toBe(false);
    model.dispose();
  });
});
