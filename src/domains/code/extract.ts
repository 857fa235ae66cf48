// Reading Python code out of a free-text attempt: the fenced block that defines the function if
// there is one, else the last fenced block, else the attempt itself from its first line of code.

const FENCE = /```[ \t]*([A-Za-z0-9_+-]*)[^\n]*\n([\s\S]*?)```/g;
const CODE_START = /^(def |async def |class |import |from |@|[A-Za-z_][A-Za-z0-9_]*\s*=)/;

export function fencedBlocks(text: string): string[] {
  const blocks: string[] = [];
  for (const match of text.matchAll(FENCE)) {
    const language = (match[1] ?? '').toLowerCase();
    if (language && !['python', 'py', 'python3', 'py3'].includes(language)) continue;
    blocks.push((match[2] ?? '').replace(/\s+$/, ''));
  }
  return blocks;
}

/** The code of an attempt; with `entryPoint`, a block defining that function is preferred. */
export function extractCode(attempt: string, entryPoint?: string): string | null {
  const blocks = fencedBlocks(attempt).filter((b) => b.trim().length > 0);
  if (blocks.length > 0) {
    if (entryPoint) {
      const defining = new RegExp(`^\\s*(async\\s+)?def\\s+${entryPoint}\\s*\\(`, 'm');
      const found = blocks.filter((b) => defining.test(b));
      if (found.length > 0) return found[found.length - 1] as string;
    }
    return blocks[blocks.length - 1] as string;
  }
  // An unclosed fence (the model stopped early): take what follows it.
  const fences = attempt.split('```').length - 1;
  if (fences % 2 === 1) {
    const open = /```[ \t]*(python3?|py3?)?[ \t]*\n([\s\S]*)$/i.exec(attempt.slice(attempt.lastIndexOf('```')));
    if (open?.[2]?.trim()) return open[2].replace(/\s+$/, '');
    return null;
  }
  if (fences > 0) return null;
  const lines = attempt.replace(/\r\n/g, '\n').split('\n');
  const start = lines.findIndex((line) => CODE_START.test(line));
  if (start < 0) return null;
  const code = lines.slice(start).join('\n').replace(/\s+$/, '');
  return code.length > 0 ? code : null;
}

/** Code with comments, docstring-free blank lines and trailing spaces removed, for comparing attempts. */
export function normalizeCode(code: string): string {
  return code
    .split('\n')
    .map((line) => line.replace(/#.*$/, '').replace(/\s+$/, ''))
    .filter((line) => line.trim().length > 0)
    .join('\n');
}
