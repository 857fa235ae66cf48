import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from '../core/hash.js';
import type { Domain, Task } from '../core/types.js';
import { packageRoot } from '../package-files.js';
import { builtInPromptPath } from '../teachers/llm/template.js';
import { VERSION } from '../version.js';

// What a run was made from, fingerprinted when it starts, so two runs can be told apart (or shown
// to be the same) without trusting anyone's memory: the tasks, every prompt and template the
// conditions use, the code of each domain (its extractor, verifier and scripted feedback), and the
// didactic version and git revision that ran.

export interface Provenance {
  didacticVersion: string;
  /** `git rev-parse HEAD` of the didactic checkout that ran, or null outside a git checkout. */
  gitRevision: string | null;
  /** SHA-256 of the task set: every task (with its privileged data) as JSON, one per line, in run order. */
  tasksSha256: string;
  /** SHA-256 of each domain's system prompt. */
  systemPrompts: Record<string, string>;
  /** SHA-256 of the templates the conditions read (the llm teacher's, the self-critique, the leak judge's), by file. */
  templates: Record<string, string>;
  /** Each domain's version: SHA-256 of its compiled code (the files of its folder and the shared record parsing). */
  domains: Record<string, string>;
}

export function runProvenance(options: {
  tasks: Task[];
  domains: Domain[];
  teachers: string[];
  teacherPrompt?: string | null;
  feedback?: string;
  leakJudge?: string | null;
}): Provenance {
  const templates: Record<string, string> = {};
  const add = (label: string, file: string): void => {
    if (existsSync(file)) templates[label] = sha256(readFileSync(file));
  };
  if (options.teachers.some((t) => t.startsWith('llm:'))) {
    add(options.teacherPrompt ? options.teacherPrompt : 'prompts/teacher.md', options.teacherPrompt ?? builtInPromptPath('teacher.md'));
    add(`prompts/feedback/${options.feedback ?? 'both'}.md`, builtInPromptPath(`feedback/${options.feedback ?? 'both'}.md`));
  }
  if (options.teachers.includes('self')) add('prompts/self-critique.md', builtInPromptPath('self-critique.md'));
  if (options.leakJudge) add('prompts/leak-judge.md', builtInPromptPath('leak-judge.md'));
  return {
    didacticVersion: VERSION,
    gitRevision: gitRevision(),
    tasksSha256: sha256(options.tasks.map((t) => JSON.stringify(t)).join('\n')),
    systemPrompts: Object.fromEntries(options.domains.map((d) => [d.name, sha256(d.systemPrompt)])),
    templates,
    domains: Object.fromEntries(options.domains.map((d) => [d.name, domainCodeHash(d.name)])),
  };
}

function gitRevision(): string | null {
  try {
    return (
      execFileSync('git', ['rev-parse', 'HEAD'], {
        cwd: packageRoot(),
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
        timeout: 5000,
      }).trim() || null
    );
  } catch {
    return null;
  }
}

/** The domain folder's files and the shared parsing, hashed in path order; a domain from elsewhere hashes its name alone. */
function domainCodeHash(name: string): string {
  const domainsDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'domains');
  const hash = createHash('sha256');
  const folder = join(domainsDir, name);
  const files = existsSync(folder) ? listFiles(folder) : [];
  for (const file of [...files, join(domainsDir, 'records.js'), join(domainsDir, 'define.js')]) {
    if (!existsSync(file)) continue;
    hash.update(file.slice(domainsDir.length));
    hash.update(readFileSync(file));
  }
  if (files.length === 0) hash.update(`domain:${name}`);
  return hash.digest('hex');
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) =>
      e.isDirectory() ? listFiles(join(dir, e.name)) : /\.(js|ts)$/.test(e.name) && !e.name.endsWith('.map') ? [join(dir, e.name)] : [],
    );
}
