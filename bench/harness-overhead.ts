// How much time does didactic itself take per episode, next to the student?
//
// An instant in-process student (it answers at once, mostly wrongly, so episodes run their full
// K turns with feedback) is driven through the real runner and the real SQLite run store.
// Printed: episodes and turns per second, and the share of wall time spent in the student,
// in the store, and in didactic's own work (extraction, CAS verification, feedback, leak guard).
//
//   node dist/bench/harness-overhead.js [--tasks 300] [--turns 5]

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { ChatModel, Domain } from '../src/core/types.js';
import { getDomain } from '../src/domains/registry.js';
import { runEval } from '../src/runner/eval.js';
import { RunStore } from '../src/store/run-store.js';
import { createTeacher } from '../src/teachers/registry.js';

const { values } = parseArgs({ options: { tasks: { type: 'string', default: '300' }, turns: { type: 'string', default: '5' } } });
const tasksPerDomain = Number(values.tasks);
const turns = Number(values.turns);

let studentMs = 0;
let calls = 0;
const instant: ChatModel = {
  id: 'bench:instant',
  async generate({ messages, settings }) {
    const t = performance.now();
    const maze = messages[1]?.content.includes('maze') ?? false;
    // Wrong on purpose (seeded), so feedback, verification and the leak guard all run every turn.
    const n = (settings?.seed ?? 0) % 97;
    const text = maze ? `Let me go.\nAnswer: ${'RDLU'[n % 4]}${'DR'[n % 2]}` : `I computed it.\nAnswer: ${n - 40}`;
    calls++;
    studentMs += performance.now() - t;
    return { text, usage: { inputTokens: 0, outputTokens: 0 } };
  },
};

function timeStore(store: RunStore): { ms: () => number } {
  let ms = 0;
  for (const method of ['startEpisode', 'addTurn', 'finishEpisode'] as const) {
    const original = store[method].bind(store) as (...args: unknown[]) => unknown;
    (store as unknown as Record<string, unknown>)[method] = (...args: unknown[]) => {
      const t = performance.now();
      try {
        return original(...args);
      } finally {
        ms += performance.now() - t;
      }
    };
  }
  return { ms: () => ms };
}

const dir = mkdtempSync(join(tmpdir(), 'didactic-bench-'));
try {
  for (const name of ['math', 'maze']) {
    studentMs = 0;
    calls = 0;
    const domain: Domain = getDomain(name);
    const tasks = domain.generate({ n: tasksPerDomain, seed: 1, difficulty: domain.defaultDifficulty });
    const store = RunStore.open(join(dir, name), { create: true });
    const teachers = ['scripted', 'unary', 'none'].map((t) => createTeacher(t));
    store.initialize(
      {
        student: instant.id,
        teachers: teachers.map((t) => t.name),
        domains: [name],
        turns,
        tasks: tasksPerDomain,
        seed: 1,
        difficulty: null,
        data: null,
        settings: {},
        didacticVersion: 'bench',
      },
      tasks,
    );
    const storeTime = timeStore(store);
    const started = performance.now();
    const progress = await runEval({
      store,
      tasks,
      domains: new Map([[name, domain]]),
      teachers,
      student: instant,
      turns,
      seed: 1,
      concurrency: 4,
    });
    const wall = performance.now() - started;
    store.close();
    const episodes = progress.done;
    const didacticMs = wall - studentMs - storeTime.ms();
    console.log(
      `${name.padEnd(5)} ${episodes} episodes, ${calls} student turns in ${(wall / 1000).toFixed(2)} s: ` +
        `${(episodes / (wall / 1000)).toFixed(0)} episodes/s, ${(calls / (wall / 1000)).toFixed(0)} turns/s, ` +
        `${(wall / calls).toFixed(3)} ms per turn | share of wall time: student ${pct(studentMs / wall)}, ` +
        `run store ${pct(storeTime.ms() / wall)}, didactic loop + verify + feedback ${pct(didacticMs / wall)}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}
