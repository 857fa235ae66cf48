// Shared by the oracle arms' data rewriters (direction-moves.mjs, maze-moves.mjs): a seeded
// generator, and a pass over a chat JSONL file that may replace the trained reply of each dialogue
// that ends in an attempt, its feedback and that reply.
import { readFileSync, writeFileSync } from 'node:fs';

/** mulberry32: a small seeded generator, so the same input and seed give the same file. */
export function seededRandom(seed) {
  let state = Number(seed) >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writes `input` to `output` with the last reply of each dialogue replaced by
 * `reply({ before, feedback, last }, where)` (the attempt before it, the feedback text and the
 * reply, all strings; `where` is "file:line" for errors), or kept when that returns undefined.
 * Returns how many replies were replaced and how many examples there were.
 */
export function rewriteLastReplies(input, output, reply) {
  const lines = readFileSync(input, 'utf8').trim().split('\n');
  let rewritten = 0;
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
    const content = reply({ before: before.content, feedback: feedback.content, last: last.content }, `${input}:${i + 1}`);
    if (content === undefined) return line;
    rewritten++;
    return JSON.stringify({ ...example, messages: [...m.slice(0, -1), { ...last, content }] });
  });
  writeFileSync(output, `${out.join('\n')}\n`);
  return { rewritten, examples: lines.length };
}
