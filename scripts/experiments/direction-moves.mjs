#!/usr/bin/env node
// Rewrites synthetic dialogues with true feedback (`didactic data synthetic --feedback true`) so
// that the trained reply after "too low" / "too high" is not the correct answer but a move from
// the attempt before it that way, by a seeded random amount that never passes the correct answer.
// Trained on, it teaches the direction and nothing else: the reply is only ever right when the
// move lands on the answer. Single-turn examples and dialogues without a direction are kept.
// With --blind the move is 1 to 10 whatever the answer (it may pass it), so the reply cannot be
// predicted from the question at all, only from the attempt before it and the feedback's words.
//   node scripts/experiments/direction-moves.mjs <in.jsonl> <out.jsonl> [seed] [--blind]
import { rewriteLastReplies, seededRandom } from './rewrite-replies.mjs';

const blind = process.argv.includes('--blind');
const [input, output, seedText = '1'] = process.argv.slice(2).filter((a) => a !== '--blind');
if (!input || !output) {
  console.error('usage: node scripts/experiments/direction-moves.mjs <in.jsonl> <out.jsonl> [seed]');
  process.exit(2);
}
const random = seededRandom(seedText);
const answer = (text) => /^Answer: (-?\d+)$/.exec(text)?.[1];
const { rewritten, examples } = rewriteLastReplies(input, output, ({ before, feedback, last }, where) => {
  const low = /too low|smaller than/.test(feedback);
  const high = /too high|larger than/.test(feedback);
  const was = Number(answer(before));
  const ref = Number(answer(last));
  if (low === high || !Number.isFinite(was) || !Number.isFinite(ref) || answer(before) === undefined) return undefined;
  const gap = Math.abs(ref - was);
  if (gap === 0 || (low ? ref < was : ref > was))
    throw new Error(`${where}: feedback does not agree with the answer: is it --feedback true?`);
  const step = 1 + Math.floor(random() * (blind ? 10 : gap));
  return `Answer: ${was + (low ? step : -step)}`;
});
console.log(`${rewritten} of ${examples} examples now end in a move the way the feedback points`);
