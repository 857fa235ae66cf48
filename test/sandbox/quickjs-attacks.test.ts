import { describe, expect, it } from 'vitest';
import type { Task } from '../../src/core/types.js';
import { type CodeTsDetails, type CodeTsPrivileged, codeTsDomain } from '../../src/domains/code-ts/index.js';
import { runJs } from '../../src/sandbox/quickjs.js';

// The JavaScript sandbox of code-ts against hostile attempts, the way pyodide-attacks.test.ts
// holds the Python one: no way out to the host, bounded time and memory, and no trick that makes
// the host read a passing result from failing code.

const limits = { timeoutMs: 400, memoryMb: 32 };

async function value(program: string, call: string): Promise<string | undefined> {
  const r = await runJs(program, [call], [], limits);
  if (r.status !== 'ok') throw new Error(`${r.status}: ${r.reason}`);
  return r.calls[0]?.value ?? r.calls[0]?.error;
}

describe('the QuickJS sandbox', () => {
  it('has no host objects: no require, process, fetch, timers, file system or Node globals', async () => {
    for (const name of [
      'require',
      'process',
      'fetch',
      'setTimeout',
      'setInterval',
      'queueMicrotask',
      'Buffer',
      'XMLHttpRequest',
      'WebAssembly',
      'std',
      'os',
    ]) {
      expect(await value('', `typeof ${name}`), name).toBe('"undefined"');
    }
  });

  it('gives escape attempts only the sandbox itself', async () => {
    expect(await value('', `Function('return this')() === globalThis`)).toBe('true');
    expect(
      await value(
        '',
        `(() => { try { return this.constructor.constructor('return process')(); } catch (e) { return 'blocked: ' + e.name; } })()`,
      ),
    ).toMatch(/blocked: ReferenceError|undefined/);
    expect(await value('', `(async () => 1).constructor.name`)).toBe('"AsyncFunction"');
    expect(await value('', 'typeof import.meta')).toMatch(/SyntaxError/);
    const dynamicImport = await runJs('', ['import("fs")'], [], limits);
    expect(dynamicImport.status === 'ok' ? dynamicImport.calls[0]?.value : dynamicImport.status).not.toMatch(/readFileSync/);
  });

  it('stops infinite loops at the deadline, in the program and in a call', async () => {
    const started = Date.now();
    expect((await runJs('while (true) {}', [], [], limits)).status).toBe('timeout');
    expect((await runJs('function spin() { for (;;) {} }', ['spin()'], [], limits)).status).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('stops memory bombs and unbounded recursion', async () => {
    expect((await runJs('let s = "x"; while (true) s += s;', [], [], limits)).status).toBe('memory');
    expect((await runJs('const keep = []; for (;;) keep.push({ a: keep.length, b: [1, 2, 3] });', [], [], limits)).status).toMatch(
      /memory|timeout/,
    );
    expect((await runJs('function down(n) { return down(n + 1) + 1; }', ['down(0)'], [], limits)).status).toBe('memory');
  });

  it('runs no timer or promise job after the attempt returns', async () => {
    const r = await runJs('let fired = false; Promise.resolve().then(() => { fired = true; });', ['fired'], [], limits);
    expect(r.status === 'ok' && r.calls[0]?.value).toBe('false');
  });

  it('survives a run that was stopped: the next attempt gets a fresh instance', async () => {
    await runJs('while (true) {}', [], [], limits);
    expect(await value('function ok() { return 7; }', 'ok()')).toBe('7');
  });
});

describe('prototype tricks cannot fake a pass', () => {
  const task = (codeTsDomain.generate({ n: 20, seed: 5, difficulty: 1 }) as Task<CodeTsPrivileged>[]).find(
    (t) => t.privileged.signature === '(n: number) => number',
  );
  if (!task) throw new Error('no (n: number) => number task among the first 20');
  const { entryPoint, tests } = task.privileged;
  const expected = tests[0]?.expected ?? '';
  const attempt = (body: string) => `\`\`\`ts\n${body}\nfunction ${entryPoint}(n: number): number {\n  return -1;\n}\n\`\`\``;

  it.each([
    ['JSON.stringify replaced', `(JSON as any).stringify = () => ${JSON.stringify(expected)};`],
    ['toJSON on prototypes', `(Number.prototype as any).toJSON = () => ${expected}; (Object.prototype as any).toJSON = () => ${expected};`],
    ['Object.keys and Array.isArray replaced', '(Object as any).keys = () => []; (Array as any).isArray = () => true;'],
    ['String replaced', `(globalThis as any).String = () => ${JSON.stringify(expected)};`],
    ['Number.isNaN replaced', '(Number as any).isNaN = () => true;'],
  ])('%s', async (_name, trick) => {
    const verdict = await codeTsDomain.verify(task, attempt(trick));
    expect(verdict.correct).toBe(false);
    expect((verdict.details as CodeTsDetails).failures[0]?.actual).toBe('-1');
  });

  it('a function that returns a lying object is compared by its contents', async () => {
    const r = await runJs('function f() { return { toJSON() { return 3; }, valueOf() { return 3; } }; }', ['f()'], ['3'], limits);
    expect(r.status === 'ok' && r.calls[0]?.value).toBe('{"toJSON":"<function>","valueOf":"<function>"}');
  });
});
