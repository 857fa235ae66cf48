import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir } from '../helpers/cli.js';

// `--domain command --check '<command>'`: a checker in another language (Python here) as a domain,
// run as a user runs it: tasks in a JSONL file, the check script next to them.

const hasBwrap = spawnSync('bwrap', ['--unshare-all', '--ro-bind', '/', '/', '--', '/bin/true']).status === 0;
const hostFlag = hasBwrap ? [] : ['--unsafe-host-check'];

const dir = tempDir('didactic-command-');
writeFileSync(
  join(dir, 'check.py'),
  `import json, os, sys
attempt = sys.stdin.read().strip()
with open(os.environ["DIDACTIC_PRIVILEGED"]) as f:
    privileged = json.load(f)
ok = attempt.lower() == privileged["answer"].lower()
print("checking...")
print(json.dumps({"correct": ok, "summary": "right city" if ok else "not the capital", "details": "think of the largest city of " + privileged["country"]}))
`,
);
writeFileSync(join(dir, 'garbage.py'), 'print("looks fine to me")\n');
const tasksFile = join(dir, 'capitals.jsonl');
writeFileSync(
  tasksFile,
  `${[
    { id: 'fr', prompt: 'What is the capital of France?', answer: 'Paris', privileged: { country: 'France' } },
    { id: 'jp', prompt: 'What is the capital of Japan?', answer: 'Tokyo', privileged: { country: 'Japan' } },
  ]
    .map((t) => JSON.stringify(t))
    .join('\n')}\n`,
);
writeFileSync(
  join(dir, 'student.js'),
  `const wrong = { France: 'Lyon', Japan: 'Osaka' }, right = { France: 'Paris', Japan: 'Tokyo' };
export default { id: 'test:geography', async generate({ messages }) {
  const country = messages[1].content.match(/capital of (\\w+)/)[1];
  const tries = messages.filter((m) => m.role === 'assistant').length;
  return { text: tries ? right[country] : wrong[country], usage: { inputTokens: 1, outputTokens: 1 } };
} };
`,
);
const check = (script: string) => ['--domain', 'command', '--check', `python3 ${join(dir, script)}`, ...hostFlag];
const task = JSON.stringify({ prompt: 'What is the capital of France?', answer: 'Paris', privileged: { country: 'France' } });

describe('--domain command', () => {
  it('sends the attempt on stdin and the privileged data in $DIDACTIC_PRIVILEGED, and reads the JSON verdict', async () => {
    const wrong = await runCli(['verify', ...check('check.py'), '--task', task, '--attempt', 'Lyon', '--json']);
    expect(wrong.status, wrong.stderr).toBe(0);
    const verdict = JSON.parse(wrong.stdout);
    expect(verdict).toMatchObject({
      correct: false,
      summary: 'not the capital',
      details: { details: 'think of the largest city of France' },
    });
    expect(verdict.feedback).toMatch(/not the capital[\s\S]*largest city of France/);
    const right = await runCli(['verify', ...check('check.py'), '--task', task, '--attempt', 'Paris', '--json']);
    expect(JSON.parse(right.stdout)).toMatchObject({ correct: true, summary: 'right city' });
  });

  it('runs an eval over a task file, the feedback coming from the check', async () => {
    const out = tempDir();
    const r = await runCli([
      'eval',
      ...check('check.py'),
      '--data',
      tasksFile,
      '--student',
      `module:${join(dir, 'student.js')}`,
      '--teacher',
      'scripted',
      '--turns',
      '2',
      '--tasks',
      '2',
      '--out',
      out,
    ]);
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.results[0]).toMatchObject({ domain: 'command', condition: 'scripted', cumulativeAccuracy: [0, 1] });
  });

  it('counts a check that runs out of time as a wrong attempt', async () => {
    const r = await runCli([
      'verify',
      '--domain',
      'command',
      '--check',
      'sleep 5',
      '--check-timeout',
      '300',
      ...hostFlag,
      '--task',
      task,
      '--attempt',
      'Paris',
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ correct: false, summary: 'the check took longer than 300 ms' });
  });

  it('names the command when it prints no verdict, and flags that do not fit', async () => {
    const garbage = await runCli(['verify', ...check('garbage.py'), '--task', task, '--attempt', 'Paris']);
    expect(garbage.status).not.toBe(0);
    expect(garbage.stderr).toMatch(/garbage\.py` exited with status 0 without printing a JSON verdict/);
    const noCheck = await runCli(['tasks', '--domain', 'command', '--data', tasksFile]);
    expect(noCheck.status).toBe(2);
    expect(noCheck.stderr).toMatch(/--domain command needs --check/);
    const stray = await runCli(['tasks', '--domain', 'math', '--check', 'true']);
    expect(stray.stderr).toMatch(/--check applies to --domain command/);
    const bad = join(dir, 'bad.jsonl');
    writeFileSync(bad, `${JSON.stringify({ answer: 'x' })}\n`);
    const badFile = await runCli(['tasks', ...check('check.py'), '--data', bad]);
    expect(badFile.stderr).toMatch(/bad\.jsonl:1: field "prompt": missing/);
  });

  it.skipIf(hasBwrap)('is refused without bubblewrap unless --unsafe-host-check is given', async () => {
    const r = await runCli([
      'verify',
      '--domain',
      'command',
      '--check',
      `python3 ${join(dir, 'check.py')}`,
      '--task',
      task,
      '--attempt',
      'Paris',
    ]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bubblewrap, which is not available here .*--unsafe-host-check/);
  });

  it.skipIf(!hasBwrap)(
    'under bubblewrap, the check has no network, cannot write to the host, and has a scratch directory and its data',
    async () => {
      const probe = join(dir, 'probe.py');
      writeFileSync(
        probe,
        `import json, socket
try:
    socket.create_connection(("1.1.1.1", 53), timeout=2); net = "open"
except OSError:
    net = "blocked"
try:
    open(${JSON.stringify(join(dir, 'written-from-sandbox'))}, "w").write("x"); fs = "writable"
except OSError:
    fs = "read-only"
import os
open(os.path.join(os.environ["TMPDIR"], "scratch"), "w").write("ok")
with open(os.environ["DIDACTIC_PRIVILEGED"]) as f:
    country = json.load(f)["country"]
print(json.dumps({"correct": False, "summary": net + " " + fs + " " + country}))
`,
      );
      const r = await runCli(['verify', '--domain', 'command', '--check', `python3 ${probe}`, '--task', task, '--attempt', 'x', '--json']);
      expect(JSON.parse(r.stdout).summary, r.stderr).toBe('blocked read-only France');
    },
  );
});
