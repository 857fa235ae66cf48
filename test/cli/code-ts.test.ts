import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runCli, tempDir } from '../helpers/cli.js';

// code-ts as a user runs it: MultiPL-E's TypeScript MBPP file, a student that first writes code
// the compiler rejects, and the scripted teacher relaying tsc's diagnostics.

const mbpp = join(ROOT, 'test/fixtures/multipl-e/mbpp-ts.jsonl');
const dir = tempDir();
const student = join(dir, 'student.js');
writeFileSync(
  student,
  `const wrong = '\`\`\`ts\\nfunction is_not_prime(n: number): boolean {\\n  const k: boolean = n;\\n  return k;\\n}\\n\`\`\`';
const right = '\`\`\`ts\\nfunction is_not_prime(n: number): boolean {\\n  if (n < 2) return true;\\n  for (let d = 2; d * d <= n; d++) if (n % d === 0) return true;\\n  return false;\\n}\\n\`\`\`';
export default { id: 'test:ts-student', async generate({ messages }) {
  const fixed = messages.some((m) => m.role === 'user' && m.content.includes('TS2322'));
  return { text: fixed ? right : wrong, usage: { inputTokens: 1, outputTokens: 1 } };
} };
`,
);

describe('--domain code-ts', () => {
  it('loads MultiPL-E files with `tasks`', async () => {
    const r = await runCli(['tasks', '--domain', 'code-ts', '--data', mbpp, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).privileged).toMatchObject({ entryPoint: 'is_not_prime', signature: '(n: number) => boolean' });
  });

  it('fixes a compile error from the relayed diagnostics in an eval', async () => {
    const out = tempDir();
    const r = await runCli([
      'eval',
      '--domain',
      'code-ts',
      '--data',
      mbpp,
      '--student',
      `module:${student}`,
      '--teacher',
      'scripted',
      '--turns',
      '2',
      '--tasks',
      '1',
      '--out',
      out,
    ]);
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summary.results[0].cumulativeAccuracy).toEqual([0, 1]);
    const shown = await runCli(['show', out]);
    expect(shown.stdout).toMatch(/line 2, column 9: error TS2322: Type 'number' is not assignable to type 'boolean'/);
  });
});
