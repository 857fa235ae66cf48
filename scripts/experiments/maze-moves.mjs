#!/usr/bin/env node
// The maze's blind arm (the counterpart of direction-moves.mjs --blind): rewrites synthetic maze
// dialogues with *shuffled* feedback (`didactic data synthetic --domain maze --feedback shuffled`)
// so that, after a text that names a failing move ("Your first 2 moves are fine. Move 3 goes left
// ... into a wall."), the trained reply keeps the moves of the attempt before it up to the named
// one, changes the named move to another letter and then adds 0 to 3 random moves. The named move
// is from another path at the same maze, so the reply cannot be predicted from the maze, only from
// the attempt before it and the feedback's words: trained on, it teaches reading the place and
// nothing else. Examples whose feedback names no move, or names one past the attempt's end, are kept.
//   node scripts/experiments/maze-moves.mjs <in.jsonl> <out.jsonl> [seed]
import { rewriteLastReplies, seededRandom } from './rewrite-replies.mjs';

const [input, output, seedText = '1'] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node scripts/experiments/maze-moves.mjs <in.jsonl> <out.jsonl> [seed]');
  process.exit(2);
}
const random = seededRandom(seedText);
const LETTERS = ['U', 'D', 'L', 'R'];
const pick = (letters) => letters[Math.floor(random() * letters.length)];
const path = (text) => /^Answer: ([UDLR]+)$/.exec(text)?.[1];
// "At move 3, …" / "Move 3 goes …", at the start of the text or of its second sentence.
const namedMove = (text) => Number(/(?:^|\. )(?:At move|Move) (\d+)\b/.exec(text)?.[1] ?? Number.NaN);
const { rewritten, examples } = rewriteLastReplies(input, output, ({ before, feedback }) => {
  const was = path(before);
  const move = namedMove(feedback);
  if (!was || !Number.isInteger(move) || move < 1 || move > was.length) return undefined;
  const changed = pick(LETTERS.filter((l) => l !== was[move - 1]));
  const tail = Array.from({ length: Math.floor(random() * 4) }, () => pick(LETTERS)).join('');
  return `Answer: ${was.slice(0, move - 1)}${changed}${tail}`;
});
console.log(`${rewritten} of ${examples} examples now end in the last path changed at the move the feedback names`);
