import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { afterEach } from 'vitest';
import type { StudentTurn, Task, TeacherTurn } from '../../src/core/types.js';
import { openRunDatabase, RUN_DB, type RunConfig } from '../../src/store/run-store.js';

// Real run files in temporary directories for the store's unit tests, and hand-made contents.

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A fresh directory, removed after the test. */
export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'didactic-store-'));
  dirs.push(dir);
  return dir;
}

/** A new run file opened the way RunStore opens it, for testing one part over it. */
export function tempRunDatabase(options: Database.Options = {}): Database.Database {
  return openRunDatabase(join(tempDir(), RUN_DB), options);
}

export const CONFIG: RunConfig = {
  student: 'module:test',
  teachers: ['scripted', 'none'],
  domains: ['math'],
  turns: 3,
  tasks: 2,
  seed: 7,
  difficulty: null,
  data: null,
  settings: {},
  didacticVersion: 'test',
};

export function task(id: string, domain = 'math', prompt = `What is ${id}?`): Task {
  return { id, domain, prompt, privileged: { answer: '4' }, metadata: { source: 'test' } };
}

export function student(attempt: number, extracted: string | null, correct = false, text = `answer ${extracted}`): StudentTurn {
  return {
    role: 'student',
    attempt,
    text,
    extracted,
    correct,
    verdict: { correct, extracted, summary: correct ? 'correct' : 'wrong', details: {} },
    usage: { inputTokens: 10, outputTokens: 3 },
    latencyMs: 2,
  };
}

export function teacher(attempt: number, fields: Partial<TeacherTurn> = {}): TeacherTurn {
  return {
    role: 'teacher',
    attempt,
    teacher: 'scripted',
    text: `try again after attempt ${attempt}`,
    blocked: [],
    fallback: false,
    usage: { inputTokens: 5, outputTokens: 1 },
    latencyMs: 1,
    ...fields,
  };
}
