import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TaskFormatError, UsageError } from '../../core/errors.js';

/** A prompt template: text with `{{name}}` placeholders, checked against the names it may use. */
export interface PromptTemplate {
  file: string;
  text: string;
}

/** The `prompts/` folder shipped with didactic (found from this file, in src/ or dist/src/). */
export function builtInPromptPath(relative: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'prompts', relative);
    if (existsSync(candidate) && existsSync(join(dir, 'package.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new Error(`didactic's prompt file prompts/${relative} is missing from the installation`);
}

/** Load a template and fail early, naming file, line and placeholder, if it uses a name not in `allowed`. */
export function loadTemplate(path: string, allowed: readonly string[]): PromptTemplate {
  const file = resolve(path);
  if (!existsSync(file)) throw new UsageError(`prompt template not found: ${file}`);
  const text = readFileSync(file, 'utf8');
  text.split('\n').forEach((line, i) => {
    for (const m of line.matchAll(/\{\{\s*([^}]*?)\s*\}\}/g)) {
      const name = m[1] ?? '';
      if (!allowed.includes(name)) {
        throw new TaskFormatError(
          { file, line: i + 1, field: name },
          `unknown placeholder {{${name}}}; this template may use ${allowed.map((a) => `{{${a}}}`).join(', ')}`,
        );
      }
    }
  });
  return { file, text };
}

export function render(template: PromptTemplate, values: Record<string, string>): string {
  return template.text.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (_, name: string) => values[name] ?? '');
}
