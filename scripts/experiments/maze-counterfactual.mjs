#!/usr/bin/env node
// Does the model's next maze path depend on *where* the feedback says the last one went wrong?
// The same dialogue twice, differing only in the feedback sentence: a maze, a wrong first path
// that runs into a wall or off the grid at move n+1, then either the scripted teacher's feedback
// on it ("Your first n moves are fine. Move n+1 goes ...") or the scripted feedback on another
// wrong path at the same maze that fails at a different move m+1 (a decoy, as in the shuffled
// synthetic data). A model that reads the place keeps the moves the feedback calls fine and
// changes the next one: its next path first differs from the last at move n+1 after the true
// text and at move m+1 after the decoy. One that does not changes at the same place after both.
// Paired over the same tasks, attempts and sampling seeds, so the difference is the words' effect.
//   node scripts/experiments/maze-counterfactual.mjs <model-dir>... [--tasks 300] [--samples 8]
// (after `npm run build`)
import { createRng, deriveSeed } from '../../dist/src/core/random.js';
import { getDomain } from '../../dist/src/domains/registry.js';
import { extractMoves } from '../../dist/src/domains/maze/extract.js';
import { firstChange } from '../../dist/src/metrics/feedback-use.js';
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
} = counterfactualArgs('node scripts/experiments/maze-counterfactual.mjs <model-dir>... [--tasks n] [--samples k]');
const domain = getDomain('maze');
const MOVES = ['U', 'D', 'L', 'R'];
const rng = createRng(4102);

/** A path that follows the reference for `keep` moves and then fails by a wall or the edge. */
async function failingPath(task, keep) {
  for (let tries = 0; tries < 200; tries++) {
    const k = keep ?? rng.int(0, task.privileged.answer.length - 1);
    let path = task.privileged.answer.slice(0, k);
    for (let n = rng.int(1, 3); n > 0; n--) path += rng.pick(MOVES);
    const verdict = await domain.verify(task, `Answer: ${path}`);
    const outcome = verdict.details.outcome;
    if (outcome === 'wall' || outcome === 'out-of-bounds') return { path, verdict, fine: verdict.details.validMoves };
  }
  return null;
}

// Each case: a maze, a failing first path, its true feedback and a decoy that names another move.
const cases = [];
for (const task of domain.generate({ n: tasksN * 3, seed: 4101, difficulty: 1 })) {
  if (cases.length === tasksN) break;
  const shown = await failingPath(task);
  if (!shown) continue;
  let decoy = null;
  for (let tries = 0; tries < 50 && !decoy; tries++) {
    const other = await failingPath(task);
    if (other && other.fine !== shown.fine) decoy = other;
  }
  if (!decoy) continue;
  const say = (v) => domain.scriptedFeedback(task, v, createRng(deriveSeed(4103, task.id)));
  cases.push({ task, shown, said: { true: [say(shown.verdict), shown.fine], decoy: [say(decoy.verdict), decoy.fine] } });
}

await startRuntime();
console.log(
  "| model | changes at the move the true text names: after it | after the decoy | changes at the decoy's move: after it | after the true text | named-move effect (paired 95% CI) | paths |",
);
console.log('| :-- | --: | --: | --: | --: | --: | --: |');
for (const name of positionals) {
  const model = await EmbeddedModel.load(resolveModelDir(name));
  const chat = new EmbeddedChat(model);
  // change[way][case][sample]: the first changed move of the next path, or null if it gave none.
  const change = { true: cases.map(() => []), decoy: cases.map(() => []) };
  await Promise.all(
    ['true', 'decoy'].flatMap((way) =>
      cases.flatMap((c, i) =>
        Array.from({ length: samples }, async (_, s) => {
          const messages = [
            { role: 'system', content: domain.systemPrompt },
            { role: 'user', content: c.task.prompt },
            { role: 'assistant', content: `Answer: ${c.shown.path}` },
            { role: 'user', content: c.said[way][0] },
          ];
          // The same seed under both texts: the pair differs only in the words.
          const r = await chat.complete(messages, { temperature: 1, topP: 1, maxTokens: 48, seed: deriveSeed(4104, i, s) });
          const next = extractMoves(r.text);
          change[way][i][s] = next === null ? null : firstChange(c.shown.path, next);
        }),
      ),
    ),
  );
  // Per case: the share of its paired samples whose first change is at the named move.
  const perCase = cases.map((c, i) => {
    const pairs = change.true[i].flatMap((t, s) => (t === null || change.decoy[i][s] === null ? [] : [[t, change.decoy[i][s]]]));
    const at = (n, which) => mean(pairs.map((p) => (p[which] === n ? 1 : 0)));
    const [nTrue, nDecoy] = [c.said.true[1], c.said.decoy[1]];
    return { n: pairs.length, tt: at(nTrue, 0), td: at(nTrue, 1), dd: at(nDecoy, 1), dt: at(nDecoy, 0) };
  });
  const kept = perCase.filter((x) => x.n > 0);
  const followed = kept.map((x) => (x.tt + x.dd) / 2);
  const unmoved = kept.map((x) => (x.td + x.dt) / 2);
  const [lo, hi] = pairedBootstrap(followed, unmoved, { seed: 4105 });
  const paths = kept.reduce((a, x) => a + x.n, 0);
  console.log(
    `| ${name} | ${pct(mean(kept.map((x) => x.tt)))} | ${pct(mean(kept.map((x) => x.td)))} | ${pct(mean(kept.map((x) => x.dd)))} | ${pct(mean(kept.map((x) => x.dt)))} | ${pts(mean(followed) - mean(unmoved))} [${pts(lo)}, ${pts(hi)}] | ${paths} of ${cases.length * samples} pairs |`,
  );
  model.dispose();
}
