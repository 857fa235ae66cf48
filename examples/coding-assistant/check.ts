import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import ts from 'typescript';
import type { CheckVerdict } from '../../src/index.js';

// The assistant's checker, the way a developer checks code: the TypeScript compiler over the
// implementation and its tests (diagnostics printed as tsc prints them), then the tests run by
// Node. The tests import the implementation, so they also pin its signature.

const require = createRequire(import.meta.url);
const TYPE_ROOTS = [dirname(dirname(require.resolve('@types/node/package.json')))];

const OPTIONS: ts.CompilerOptions = {
  strict: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  types: ['node'],
  typeRoots: TYPE_ROOTS,
  noEmit: true,
  skipLibCheck: true,
};

export interface Project {
  /** The implementation's file name, e.g. `slugify.ts` (the tests import `./slugify.js`). */
  moduleName: string;
  tests: string;
  timeoutMs?: number;
}

/** The code of a reply: its last ```ts block, or the whole reply when it has none. */
export function codeOf(reply: string): string {
  const blocks = [...reply.matchAll(/```(?:ts|typescript)?[^\n]*\n([\s\S]*?)```/g)].map((m) => m[1] ?? '');
  return blocks.length ? (blocks[blocks.length - 1] as string) : reply;
}

export async function checkImplementation(reply: string, project: Project): Promise<CheckVerdict> {
  const dir = mkdtempSync(join(tmpdir(), 'coding-assistant-'));
  try {
    const source = join(dir, project.moduleName);
    const testFile = join(dir, `${basename(project.moduleName, '.ts')}.test.ts`);
    writeFileSync(join(dir, 'package.json'), '{"type": "module"}\n');
    writeFileSync(source, codeOf(reply));
    writeFileSync(testFile, project.tests);
    const program = ts.createProgram([source, testFile], OPTIONS);
    const diagnostics = ts.getPreEmitDiagnostics(program);
    if (diagnostics.length) {
      const host: ts.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => dir, getNewLine: () => '\n' };
      const text = ts.formatDiagnostics(diagnostics.slice(0, 8), host).replaceAll(`${dir}/`, '').trim();
      return { passed: false, summary: `${diagnostics.length} TypeScript error${diagnostics.length === 1 ? '' : 's'}`, details: text };
    }
    for (const file of [source, testFile]) {
      // Inline source maps, so a failing assertion is reported at its line in the .ts file.
      const js = ts.transpileModule(ts.sys.readFile(file) ?? '', {
        fileName: basename(file),
        compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, inlineSourceMap: true, inlineSources: true },
      });
      writeFileSync(file.replace(/\.ts$/, '.js'), js.outputText);
    }
    const run = await runNode(testFile.replace(/\.ts$/, '.js'), dir, project.timeoutMs ?? 10_000);
    if (run.code === 0) return { passed: true, summary: 'compiles, and every test passes' };
    return { passed: false, summary: run.timedOut ? 'the tests timed out' : 'a test fails', details: firstFailure(run.stderr, dir) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runNode(file: string, cwd: string, timeoutMs: number): Promise<{ code: number | null; stderr: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--enable-source-maps', file], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      if (stderr.length < 64_000) stderr += chunk.toString('utf8');
    });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, timedOut });
    });
  });
}

/** The assertion Node printed, without its internals and stack. */
function firstFailure(stderr: string, dir: string): string {
  const lines = stderr.replaceAll(`file://${dir}/`, '').replaceAll(`${dir}/`, '').split('\n');
  const start = Math.max(
    0,
    lines.findIndex((l) => /Error/.test(l)),
  );
  return lines
    .slice(start)
    .filter((l) => !/^\s+at (node:|.*node:internal)/.test(l) && !l.startsWith('Node.js v'))
    .slice(0, 14)
    .join('\n')
    .trim();
}
