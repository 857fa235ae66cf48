import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.js';

// The package as a user gets it: `npm pack` of the built checkout, installed into an empty
// project, imported by its name. Install scripts are skipped: they compile SQLite (minutes), and
// one episode needs neither SQLite nor the tensor library's patch. Every subprocess is awaited:
// a test worker blocked for a minute misses vitest's RPC deadline.

const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let work: string;
let tarball: string;
let files: string[];

const run = promisify(execFile);

/** Run a program to its end; its output, or its exit status and output when it fails. */
async function exec(file: string, args: string[], cwd: string): Promise<{ status: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(file, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 26 });
    return { status: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: unknown; stdout?: string; stderr?: string };
    return { status: typeof e.code === 'number' ? e.code : 1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'didactic-pack-'));
  // --ignore-scripts: `prepare` would rebuild dist/ while other test files run the built CLI.
  const pack = await exec(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', work], ROOT);
  if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stderr}`);
  const packed = JSON.parse(pack.stdout) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(work, packed[0]!.filename);
  files = packed[0]!.files.map((f) => f.path);
  const project = join(work, 'app');
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  const install = await exec(NPM, ['install', '--ignore-scripts', '--prefer-offline', '--no-audit', '--no-fund', tarball], project);
  if (install.status !== 0) throw new Error(`npm install of the packed tarball failed:\n${install.stderr}`);
}, 600_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('holds the library, the CLI, the shipped models and prompts, and no benches or tests', () => {
    expect(files).toContain('dist/src/index.js');
    expect(files).toContain('dist/src/index.d.ts');
    expect(files).toContain('dist/src/cli/main.js');
    expect(files).toContain('models/base/model.safetensors');
    expect(files).toContain('prompts/teacher.md');
    expect(files.filter((f) => f.startsWith('dist/bench/') || f.startsWith('test/') || f.startsWith('bench/'))).toEqual([]);
  });

  it('is imported by its name and runs one didactic episode', async () => {
    const program = `
      import { runEpisode, getDomain, createTeacher, domainNames, VERSION } from 'didactic';
      const domain = getDomain('math');
      const [task] = domain.generate({ n: 1, seed: 7 });
      const answers = ['Answer: 0', 'Answer: ' + task.privileged.answer];
      const student = {
        id: 'scripted-student',
        async generate() { return { text: answers.shift() ?? 'Answer: 0', usage: { inputTokens: 1, outputTokens: 1 } }; },
      };
      const result = await runEpisode({ task, domain, teacher: createTeacher('scripted'), student, turns: 3, seed: 1, condition: 'scripted' });
      console.log(JSON.stringify({ version: VERSION, domains: domainNames(), solvedAt: result.solvedAt, roles: result.turns.map((t) => t.role) }));
    `;
    writeFileSync(join(work, 'app', 'episode.mjs'), program);
    const episode = await exec(process.execPath, ['episode.mjs'], join(work, 'app'));
    expect(episode.stderr).toBe('');
    const out = JSON.parse(episode.stdout) as { version: string; domains: string[]; solvedAt: number; roles: string[] };
    expect(out.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(out.version).not.toBe('0.0.0');
    expect(out.domains).toContain('math');
    expect(out.solvedAt).toBe(2);
    expect(out.roles).toEqual(['student', 'teacher', 'student']);
  });

  it('finds its shipped files from the installed location', async () => {
    const program = `
      import { createModel } from 'didactic';
      const model = await createModel('embedded:base');
      const reply = await model.generate({ messages: [{ role: 'user', content: 'What is 2 + 3?' }], settings: { maxTokens: 4, seed: 1 } });
      await model.close?.();
      console.log(JSON.stringify({ id: model.id, text: typeof reply.text }));
    `;
    writeFileSync(join(work, 'app', 'model.mjs'), program);
    const model = await exec(process.execPath, ['model.mjs'], join(work, 'app'));
    expect(model.status, model.stderr).toBe(0);
    expect(JSON.parse(model.stdout)).toEqual({ id: 'embedded:base', text: 'string' });
  });
});
