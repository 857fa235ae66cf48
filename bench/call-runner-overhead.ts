// What does the call runner (response cache, call log, retries, limits) add to each model call?
//
// An instant in-process model is called N times with distinct histories: raw, then through the
// runner with a fresh run store (every call a cache miss: one cache lookup, one log row, one
// cache row), then the same N requests again (every call a cache hit). Printed: µs per call and
// the ratios, measured in the same run.
//
//   node dist/bench/call-runner-overhead.js [--calls 5000]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ChatModel, ChatRequest } from '../src/core/types.js';
import { ModelCalls } from '../src/runner/calls/managed-model.js';
import { RunStore } from '../src/store/run-store.js';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '5000' } } });
const n = Number(values.calls);

const instant: ChatModel = {
  id: 'bench:instant',
  async generate({ messages }) {
    return { text: `Answer: ${messages.length}`, usage: { inputTokens: 10, outputTokens: 3 } };
  },
};
// A realistic history: system prompt, problem, two attempts and a feedback turn.
const requests: ChatRequest[] = Array.from({ length: n }, (_, i) => ({
  messages: [
    { role: 'system', content: 'Solve the problem. Think step by step and show your working, then give the final answer.' },
    { role: 'user', content: `Problem ${i}: a train leaves at ${i % 24}:00 and travels ${i * 7} km at 80 km/h. When does it arrive?` },
    { role: 'assistant', content: `It takes ${(i * 7) / 80} hours. Answer: ${i}` },
    { role: 'user', content: 'Your answer is too high. Check the division.' },
  ],
  settings: { temperature: 0.7, seed: i },
}));

async function time(label: string, model: ChatModel): Promise<number> {
  const started = performance.now();
  for (const r of requests) await model.generate(r);
  const us = ((performance.now() - started) * 1000) / n;
  console.log(`${label.padEnd(34)} ${us.toFixed(1).padStart(8)} µs per call`);
  return us;
}

const dir = mkdtempSync(join(tmpdir(), 'didactic-bench-calls-'));
try {
  const store = RunStore.open(dir, { create: true });
  const wrapped = new ModelCalls({ store }).wrap(instant, 'student');
  const raw = await time('raw model', instant);
  const miss = await time('runner, cache miss (logged, stored)', wrapped);
  const hit = await time('runner, cache hit (logged)', wrapped);
  const noStore = await time('runner without a store', new ModelCalls().wrap(instant, 'student'));
  store.close();
  console.log(
    `ratios to the raw call: miss ${(miss / raw).toFixed(1)}×, hit ${(hit / raw).toFixed(1)}×, no store ${(noStore / raw).toFixed(1)}×`,
  );
  console.log(`a hit costs ${((hit / miss) * 100).toFixed(0)}% of a miss`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
