// TypeScript out of a free-text attempt: the fenced block that defines the entry point, else the
// last ts/typescript/js block, else the attempt itself when it looks like code.

const FENCE = /```[ \t]*([A-Za-z0-9_+-]*)[^\n]*\n([\s\S]*?)```/g;
const LANGUAGES = ['', 'ts', 'typescript', 'js', 'javascript', 'tsx'];
const CODE_START = /^(export\s+)?(function |const |let |type |interface |async function |class )/m;

export function extractTypeScript(attempt: string, entryPoint?: string): string | null {
  const blocks: string[] = [];
  for (const match of attempt.matchAll(FENCE)) {
    if (!LANGUAGES.includes((match[1] ?? '').toLowerCase())) continue;
    const code = (match[2] ?? '').replace(/\s+$/, '');
    if (code.trim()) blocks.push(code);
  }
  if (blocks.length) {
    const defining = entryPoint ? blocks.filter((b) => new RegExp(`\\b${entryPoint}\\b`).test(b)) : [];
    return (defining.length ? defining : blocks)[(defining.length ? defining : blocks).length - 1] as string;
  }
  if (attempt.includes('```')) return null;
  const start = attempt.search(CODE_START);
  if (start < 0) return null;
  const code = attempt.slice(start).replace(/\s+$/, '');
  return code || null;
}

/** Code compared for repeats: comments, blank lines and spacing ignored. */
export function normalizeTypeScript(code: string): string {
  return code
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/[^\n]*/g, '')
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter(Boolean)
    .join('\n');
}

/**
 * `export` keywords removed, each replaced by spaces so every line and column stays where the
 * student wrote it: the code is checked as one script next to the task's declarations.
 */
export function withoutExports(code: string): string {
  return code.replace(
    /^(\s*)export(\s+default)?(\s+)/gm,
    (_m, lead: string, dflt: string | undefined, gap: string) => `${lead}${' '.repeat(6 + (dflt?.length ?? 0))}${gap}`,
  );
}
