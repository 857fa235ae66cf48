import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';
import { tinyModelDir } from '../helpers/tiny-model.js';
import { DIDACTIC, learningStudentSource, pluginDir, reverseDomainSource, teacherSource } from '../helpers/plugins.js';

// Plug-ins from outside the repository, the way a user brings them: files in a directory of
// their own, named on the command line as module:<file.js>.

const dir = pluginDir({
  'reverse.js': reverseDomainSource(),
  'leaky.js': reverseDomainSource({ feedbackLeaks: true }),
  'student.js': learningStudentSource,
  'nudge.js': teacherSource,
  'incomplete.js': `export default { name: 'half', description: 'no verifier', difficulties: [1], defaultDifficulty: 1, systemPrompt: '', generate: () => [] };\n`,
  'bad-teacher.js': `export default { name: 'mute', mode: 'sometimes' };\n`,
  'throws.js': `import '${DIDACTIC}';\nthrow new Error('half-written plug-in');\n`,
});
const domain = `module:${join(dir, 'reverse.js')}`;

describe('--domain module:<file.js>', () => {
  it('generates tasks with `tasks`', async () => {
    const r = await runCli(['tasks', '--domain', domain, '--n', '3', '--json']);
    expect(r.stderr).toBe('');
    const tasks = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(tasks).toHaveLength(3);
    for (const t of tasks) expect(t.privileged.answer).toBe([...t.privileged.word].reverse().join(''));
  });

  it('writes single-turn training data with `data sft`', async () => {
    const out = join(tempDir(), 'sft.jsonl');
    const r = await runCli(['data', 'sft', '--domain', domain, '--n', '3', '--out', out]);
    expect(r.status, r.stderr).toBe(0);
    const lines = readFileSync(out, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(3);
    for (const { messages } of lines) expect(messages[2].content).toMatch(/^Answer: [a-z]+$/);
  });

  it('checks one attempt with `verify`', async () => {
    const task = JSON.stringify({ word: 'stone' });
    const wrong = await runCli(['verify', '--domain', domain, '--task', task, '--attempt', 'Answer: stone', '--json']);
    expect(wrong.status, wrong.stderr).toBe(0);
    expect(JSON.parse(wrong.stdout)).toMatchObject({ correct: false, reference: 'enots', summary: 'letters out of order' });
    const right = await runCli(['verify', '--domain', domain, '--task', task, '--attempt', 'Answer: enots', '--json']);
    expect(JSON.parse(right.stdout).correct).toBe(true);
  });

  it('runs `eval` with a module: teacher, recording the plug-ins under their own names', async () => {
    const out = tempDir();
    const r = await runCli([
      'eval',
      '--student',
      `module:${join(dir, 'student.js')}`,
      '--domain',
      domain,
      '--teacher',
      `module:${join(dir, 'nudge.js')},none`,
      '--turns',
      '2',
      '--tasks',
      '4',
      '--out',
      out,
      '--json',
    ]);
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.run.domains).toEqual(['reverse']);
    expect(summary.run.teachers).toEqual(['nudge', 'none']);
    const nudge = summary.results.find((e: { condition: string }) => e.condition === 'nudge');
    // Wrong at attempt 1 (the unreversed word), right at attempt 2 after the plug-in teacher's feedback.
    expect(nudge.cumulativeAccuracy).toEqual([0, 1]);
  });

  it('trains with `train rl` on a plug-in domain and teacher', async () => {
    const out = join(tempDir(), 'rl');
    const r = await runCli([
      'train',
      'rl',
      '--student',
      `embedded:${tinyModelDir(3)}`,
      '--domain',
      domain,
      '--teacher',
      `module:${join(dir, 'nudge.js')}`,
      '--turns',
      '2',
      '--group',
      '2',
      '--tasks-per-step',
      '2',
      '--max-tokens',
      '4',
      '--steps',
      '1',
      '--out',
      out,
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/trained 1 RL steps/);
  });

  it('names what a plug-in is missing, and a module that fails to load', async () => {
    const half = await runCli(['tasks', '--domain', `module:${join(dir, 'incomplete.js')}`]);
    expect(half.status).toBe(2);
    expect(half.stderr).toMatch(
      /incomplete\.js: the exported domain is missing or mistypes: parseRecord \(a function\), extract \(a function\), verify \(a function\), sameAnswer \(a function\), scriptedFeedback \(a function\), leaks \(a function\)/,
    );
    const thrown = await runCli(['tasks', '--domain', `module:${join(dir, 'throws.js')}`]);
    expect(thrown.status).toBe(2);
    expect(thrown.stderr).toMatch(/throws\.js: the domain module failed to load: half-written plug-in/);
    const absent = await runCli(['tasks', '--domain', `module:${join(dir, 'absent.js')}`]);
    expect(absent.stderr).toMatch(/domain module not found: .*absent\.js/);
    const teacher = await runCli([
      'eval',
      '--student',
      `module:${join(dir, 'student.js')}`,
      '--domain',
      domain,
      '--teacher',
      `module:${join(dir, 'bad-teacher.js')}`,
      '--out',
      tempDir(),
    ]);
    expect(teacher.status).toBe(2);
    expect(teacher.stderr).toMatch(
      /bad-teacher\.js: the exported teacher is missing or mistypes: mode \('feedback' or 'fresh'\), privileged \(a boolean\), feedback \(a function\)/,
    );
  });
});

describe('the out-of-tree domain in docs/extending.md', () => {
  it('is under 60 lines and passes check-domain and an eval as written', async () => {
    const doc = readFileSync(join(ROOT, 'docs/extending.md'), 'utf8');
    const blocks = [...doc.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => (m[1] ?? '').replaceAll("from 'didactic'", `from '${DIDACTIC}'`));
    const [domainSource, teacherSource] = blocks;
    if (!domainSource || !teacherSource) throw new Error('docs/extending.md lost its js examples');
    expect(domainSource.trimEnd().split('\n').length).toBeLessThan(60);
    const docs = pluginDir({ 'reverse.js': domainSource, 'nudge.js': teacherSource, 'student.js': learningStudentSource });
    const checked = await runCli(['check-domain', `module:${join(docs, 'reverse.js')}`]);
    expect(checked.status, checked.stdout + checked.stderr).toBe(0);
    expect(checked.stdout).toMatch(/reverse: every check passed/);
    const out = tempDir();
    const run = await runCli([
      'eval',
      '--student',
      `module:${join(docs, 'student.js')}`,
      '--domain',
      `module:${join(docs, 'reverse.js')}`,
      '--teacher',
      `module:${join(docs, 'nudge.js')}`,
      '--turns',
      '2',
      '--tasks',
      '3',
      '--out',
      out,
      '--json',
    ]);
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).results[0]).toMatchObject({ domain: 'reverse', condition: 'nudge', cumulativeAccuracy: [0, 1] });
  });
});

describe('didactic check-domain', () => {
  it('passes a sound plug-in', async () => {
    const r = await runCli(['check-domain', domain]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/✓ never leaks the answer in scripted feedback/);
    expect(r.stdout).toMatch(/reverse: every check passed/);
  });

  it('fails a plug-in whose feedback leaks, naming the task and the attempt', async () => {
    const r = await runCli(['check-domain', `module:${join(dir, 'leaky.js')}`]);
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(
      /✗ never leaks the answer in scripted feedback[^\n]*\n\s+reverse-\w+, after "Answer: \w+": the feedback leaks the answer: Close! It is \w+\./,
    );
    expect(r.stdout).toMatch(/✓ accepts the reference answer/);
    expect(r.stdout).toMatch(/reverse: 1 check\(s\) failed/);
  });
});
