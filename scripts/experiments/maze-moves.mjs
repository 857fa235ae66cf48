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
import { readFileSync, writeFileSync } from 'node:fs';

const [input, output, seedText = '1'] = process.argv.slice(2);
if (!input || !output) {
  console.error('usage: node scripts/experiments/maze-moves.mjs <in.jsonl> <out.jsonl> [seed]');
  process.exit(2);
}
// mulberry32, as in direction-moves.mjs: the same input and seed give the same file.
let state = Number(seedText) >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const LETTERS = ['U', 'D', 'L', 'R'];
const pick = (letters) => letters[Math.floor(random() * letters.length)];
const path = (text) => /^Answer: ([UDLR]+)$/.exec(text)?.[1];
// "At move 3, …" / "Move 3 goes …", at the start of the text or of its second sentence.
const namedMove = (text) => Number(/(?:^|\. )(?:At move|Move) (\d+)\b/.exec(text)?.[1] ?? Number.NaN);
let rewritten = 0;
const lines = readFileSync(input, 'utf8').trim().split('\n');
const out = lines.map((line, i) => {
  let example;
  try {
    example = JSON.parse(line);
  } catch (error) {
    throw new Error(`${input}:${i + 1}: not JSON (${error.message})`);
  }
  const m = example.messages;
  const last = m?.at(-1);
  const feedback = m?.at(-2);
  const before = m?.at(-3);
  if (!last || !feedback || before?.role !== 'assistant' || last.role !== 'assistant') return line;
  const was = path(before.content);
  const move = namedMove(feedback.content);
  if (!was || !Number.isInteger(move) || move < 1 || move > was.length) return line;
  const changed = pick(LETTERS.filter((l) => l !== was[move - 1]));
  const tail = Array.from({ length: Math.floor(random() * 4) }, () => pick(LETTERS)).join('');
  rewritten++;
  const reply = `Answer: ${was.slice(0, move - 1)}${changed}${tail}`;
  return JSON.stringify({ ...example, messages: [...m.slice(0, -1), { ...last, content: reply }] });
});
writeFileSync(output, `${out.join('\n')}\n`);
console.log(`${rewritten} of ${lines.length} examples now end in the last path changed at the move the feedback names`);
