#!/usr/bin/env node
// Does the model's next answer depend on the direction words at all? The same dialogue twice,
// differing only in the feedback sentence: a task, a wrong first attempt, then "Your answer is
// too low." or "Your answer is too high." (the scripted teacher's own texts), whatever the truth.
// A model that reads the direction answers higher after the first than after the second; one
// that does not answers higher equally often after both. Paired over the same tasks, attempts
// and sampling seeds, so the difference is the words' effect alone.
//   node scripts/experiments/direction-counterfactual.mjs <model-dir>... [--tasks 300] [--samples 8]
// (after `npm run build`)
import { createRng, deriveSeed } from '../../dist/src/core/random.js';
import { getDomain } from '../../dist/src/domains/registry.js';
import { EmbeddedChat } from '../../dist/src/embedded/chat.js';
import { EmbeddedModel } from '../../dist/src/embedded/model.js';
import { resolveModelDir } from '../../dist/src/embedded/provider.js';
import { pairedBootstrap } from '../../dist/src/metrics/intervals.js';
import { startRuntime } from '../../dist/src/embedded/tensor/runtime.js';
import { counterfactualArgs, mean, pct, pts } from './paired-args.mjs';

const {
  models: positionals,
  tasks: tasksN,
  samples,
} = counterfactualArgs('node scripts/experiments/direction-counterfactual.mjs <model-dir>... [--tasks n] [--samples k]');
const domain = getDomain('math');
const tasks = domain.generate({ n: tasksN, seed: 4001, difficulty: 1 });
const rng = createRng(4002);
// A wrong first attempt near the answer, above or below it at random.
const attempts = tasks.map((t) => {
  const ref = Number(t.privileged.answer);
  const off = rng.int(1, Math.max(3, Math.round(Math.abs(ref) / 4)));
  return ref + (rng.next() < 0.5 ? -off : off);
});
const FEEDBACK = { low: 'Your answer is too low.', high: 'Your answer is too high.' };
const answerOf = (text) => {
  const m = /Answer:\s*(-?\d+(?:\.\d+)?)/.exec(text);
  return m ? Number(m[1]) : null;
};

await startRuntime();
console.log('| model | higher after "too low" | higher after "too high" | difference (paired 95% CI) | numeric answers |');
console.log('| :-- | --: | --: | --: | --: |');
for (const name of positionals) {
  const model = await EmbeddedModel.load(resolveModelDir(name));
  const chat = new EmbeddedChat(model);
  // Per (task, sample): 1 if the answer went up, 0 if not, null if it gave no number.
  const up = { low: [], high: [] };
  await Promise.all(
    ['low', 'high'].flatMap((way) =>
      tasks.flatMap((task, i) =>
        Array.from({ length: samples }, async (_, s) => {
          const messages = [
            { role: 'system', content: domain.systemPrompt },
            { role: 'user', content: task.prompt },
            { role: 'assistant', content: `Answer: ${attempts[i]}` },
            { role: 'user', content: FEEDBACK[way] },
          ];
          // The same seed under both texts: the pair differs only in the words.
          const c = await chat.complete(messages, { temperature: 1, topP: 1, maxTokens: 48, seed: deriveSeed(4003, i, s) });
          const a = answerOf(c.text);
          up[way][i * samples + s] = a === null ? null : a > attempts[i] ? 1 : 0;
        }),
      ),
    ),
  );
  const kept = up.low.flatMap((l, j) => (l === null || up.high[j] === null ? [] : [j]));
  const pairs = kept.map((j) => [up.low[j], up.high[j]]);
  const pairTask = kept.map((j) => Math.floor(j / samples));
  const low = mean(pairs.map((p) => p[0]));
  const high = mean(pairs.map((p) => p[1]));
  // Paired bootstrap over tasks (a task's samples stay together): each task's share of higher
  // answers after "too low" against after "too high".
  const perTask = tasks.flatMap((_, t) => {
    const mine = pairs.filter((_, j) => pairTask[j] === t);
    return mine.length ? [[mean(mine.map((p) => p[0])), mean(mine.map((p) => p[1]))]] : [];
  });
  const [lo, hi] = pairedBootstrap(
    perTask.map((x) => x[0]),
    perTask.map((x) => x[1]),
    { seed: 4004 },
  );
  console.log(
    `| ${name} | ${pct(low)} | ${pct(high)} | ${pts(low - high)} [${pts(lo)}, ${pts(hi)}] | ${pairs.length} of ${tasks.length * samples} pairs |`,
  );
  model.dispose();
}
