import type ts from 'typescript';
import { compiler } from './compiler.js';
import type { TsDiagnostic } from './types.js';

// The attempt type-checked in process by the TypeScript compiler, against the task's declared
// signature: the student's code is its own file starting at line 1 (so diagnostics point at the
// student's lines), the task's declarations another, and a third file assigns the entry point to
// the declared type. Only ES library types are in scope: no DOM, no Node.

const DIR = '/didactic-ts/';
const STUDENT = `${DIR}solution.ts`;
const DECLARATIONS = `${DIR}declarations.ts`;
const SIGNATURE = `${DIR}signature.ts`;

function compilerOptions(): ts.CompilerOptions {
  const ts = compiler();
  return {
    strict: true,
    target: ts.ScriptTarget.ES2020,
    lib: ['lib.es2020.d.ts'],
    types: [],
    noEmit: true,
    skipLibCheck: true,
    noUnusedLocals: false,
    module: ts.ModuleKind.None,
  };
}

// Library files parse once per process; parsing lib.es2020 is most of a check's cost.
const libraryFiles = new Map<string, ts.SourceFile>();

function compilerHost(files: Map<string, string>): ts.CompilerHost {
  const ts = compiler();
  const base = ts.createCompilerHost(compilerOptions(), true);
  return {
    ...base,
    fileExists: (name) => files.has(name) || base.fileExists(name),
    readFile: (name) => files.get(name) ?? base.readFile(name),
    getSourceFile(name, version) {
      const text = files.get(name);
      if (text !== undefined) return ts.createSourceFile(name, text, version, true);
      let file = libraryFiles.get(name);
      if (!file) {
        file = base.getSourceFile(name, version);
        if (file) libraryFiles.set(name, file);
      }
      return file;
    },
    writeFile: () => {},
    getCurrentDirectory: () => DIR,
  };
}

export interface TypeCheckResult {
  /** Diagnostics in the student's code, in order. */
  diagnostics: TsDiagnostic[];
  /** Set when the code compiles on its own but the entry point is missing or has another type. */
  signatureMismatch?: string;
}

function flatten(diagnostic: ts.Diagnostic): string {
  return compiler().flattenDiagnosticMessageText(diagnostic.messageText, ' ');
}

/**
 * Check `code` (lines numbered from `lineOffset` + 1 are the student's, earlier ones a header the
 * task gave) with `declarations` in scope, and that `entryPoint` is assignable to `signature`.
 */
export function typeCheck(
  code: string,
  o: { entryPoint: string; signature: string; declarations: string; lineOffset?: number },
): TypeCheckResult {
  const files = new Map([
    [STUDENT, code],
    [DECLARATIONS, o.declarations],
    [SIGNATURE, `const __declared_signature: ${o.signature} = ${o.entryPoint};\n`],
  ]);
  const program = compiler().createProgram({ rootNames: [...files.keys()], options: compilerOptions(), host: compilerHost(files) });
  const offset = o.lineOffset ?? 0;
  const diagnostics: TsDiagnostic[] = [];
  for (const d of [...program.getSyntacticDiagnostics(), ...program.getSemanticDiagnostics()]) {
    if (d.file?.fileName !== STUDENT || d.start === undefined) continue;
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    diagnostics.push({ code: d.code, message: flatten(d), line: line + 1 - offset, column: character + 1 });
  }
  diagnostics.sort((a, b) => a.line - b.line || a.column - b.column);
  if (diagnostics.length) return { diagnostics };
  const mismatch = program.getSemanticDiagnostics(program.getSourceFile(SIGNATURE))[0];
  if (mismatch) {
    const why =
      mismatch.code === 2304 || mismatch.code === 2552
        ? `there is no function named ${o.entryPoint}`
        : `${o.entryPoint} does not have the declared type ${o.signature}: ${flatten(mismatch)}`;
    return { diagnostics, signatureMismatch: why };
  }
  return { diagnostics };
}

/** The code as JavaScript; type errors aside (they were reported already). */
export function transpile(code: string): string {
  const ts = compiler();
  return ts.transpileModule(code, {
    compilerOptions: { target: ts.ScriptTarget.ES2020, module: ts.ModuleKind.CommonJS, removeComments: false },
    reportDiagnostics: false,
  }).outputText;
}
