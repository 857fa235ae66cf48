#!/usr/bin/env node
// Rewrites synthetic dialogues with true feedback (`didactic data synthetic --feedback true`) so
// that the trained reply after "too low" / "too high" is not the correct answer but a move from
// the attempt before it that way, by a seeded random amount that never passes the correct answer.
// Trained on, it teaches the direction and nothing else: the reply is only ever right when the
// move lands on the answer. Single-turn examples and dialogues without a direction are kept.
// With --blind the move is 1 to 10 whatever the answer (it may pass it), so the reply cannot be
// predicted from the question at all, only from the attempt before it and the feedback's words.
//   node scripts/experiments/direction-moves.mjs <in.jsonl> <out.jsonl> [seed] [--blind]
import { readFileSync, writeFileSync } from 'node:fs';

const blind = process.argv.includes('--blind');
const [input, output, seedText = '1'] = process.argv.slice(2).filter((a) => a !== '--blind');
if (!input || !output) {
  console.error('usage: node scripts/experiments/direction-moves.mjs <in.jsonl> <out.jsonl> [seed]');
  process.exit(2);
}
// mulberry32: a small seeded generator, so the same input and seed give the same file.
let state = Number(seedText) >>> 0;
const random = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const answer = (text) => /^Answer: (-?\d+)$/.exec(text)?.[1];
let moved = 0;
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
  const low = /too low|smaller than/.test(feedback.content);
  const high = /too high|larger than/.test(feedback.content);
  const was = Number(answer(before.content));
  const ref = Number(answer(last.content));
  if (low === high || !Number.isFinite(was) || !Number.isFinite(ref) || answer(before.content) === undefined) return line;
  const gap = Math.abs(ref - was);
  if (gap === 0 || (low ? ref < was : ref > was))
    throw new Error(`${input}:${i + 1}: feedback does not agree with the answer: is it --feedback true?`);
  const step = 1 + Math.floor(random() * (blind ? 10 : gap));
  moved++;
  return JSON.stringify({ ...example, messages: [...m.slice(0, -1), { ...last, content: `Answer: ${was + (low ? step : -step)}` }] });
});
writeFileSync(output, `${out.join('\n')}\n`);
console.log(`${moved} of ${lines.length} examples now end in a move the way the feedback points`);
