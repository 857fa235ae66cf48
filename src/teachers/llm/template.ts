import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { TaskFormatError, UsageError } from '../../core/errors.js';
import { packageFile } from '../../package-files.js';

/** A prompt template: text with `{{name}}` placeholders, checked against the names it may use. */
export interface PromptTemplate {
  file: string;
  text: string;
}

/** A file of the `prompts/` folder shipped with didactic. */
export function builtInPromptPath(relative: string): string {
  const file = packageFile('prompts', relative);
  if (!existsSync(file)) throw new Error(`didactic's prompt file prompts/${relative} is missing from the installation`);
  return file;
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
