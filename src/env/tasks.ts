import { existsSync } from 'node:fs';
import { TaskFormatError, UsageError } from '../core/errors.js';
import type { Domain, Task } from '../core/types.js';
import { domainNames, getDomain } from '../domains/registry.js';
import { loadTaskFile } from '../io/tasks.js';
import { readJsonl } from '../io/jsonl.js';
import { EnvError, invalidField } from './errors.js';
import type { TaskRef } from './protocol.js';

// Task references become tasks: an id as `didactic tasks --json` prints it (a generated id such as
// `math-d2-s7-12`, or the id of a task in a --data file loaded at start), or a generator spec
// `{domain, seed, difficulty?, index}`. Generated tasks are made on demand and kept, so the eight
// rollouts of one prompt share one task object.

const GENERATED_ID = /^([a-z]+)-d(\d+)-s(\d+)-(\d+)$/;

export class TaskResolver {
  private readonly loaded = new Map<string, Map<string, Task>>();
  private readonly generated = new Map<string, Task[]>();

  /** `extra`: domains served besides the built-ins (plug-ins), found by their own names. */
  private constructor(private readonly extra: readonly Domain[] = []) {}

  /** Every domain a client may ask for. */
  domainNames(): string[] {
    return [...domainNames(), ...this.extra.map((d) => d.name)];
  }

  /** `files`: `domain=path`, or `path` whose first record names its `domain` (the native format). */
  static async create(files: string[] = [], extra: readonly Domain[] = []): Promise<TaskResolver> {
    const resolver = new TaskResolver(extra);
    for (const spec of files) await resolver.load(spec);
    return resolver;
  }

  /** How many tasks the --data files gave, by domain. */
  loadedCounts(): Record<string, number> {
    return Object.fromEntries([...this.loaded].map(([domain, tasks]) => [domain, tasks.size]));
  }

  resolve(ref: TaskRef, field = 'task'): { task: Task; domain: Domain } {
    const domain = this.domain(ref.domain, `${field}.domain`);
    if ('id' in ref) {
      const task = this.loaded.get(domain.name)?.get(ref.id) ?? this.generatedById(domain, ref.id);
      if (!task) {
        throw new EnvError(
          404,
          'unknown_task',
          `field "${field}.id": no ${domain.name} task "${ref.id}" (neither generated nor in a --data file)`,
          {
            field: `${field}.id`,
          },
        );
      }
      return { task, domain };
    }
    const difficulty = ref.difficulty ?? domain.defaultDifficulty;
    if (!domain.difficulties.includes(difficulty)) {
      throw invalidField(`${field}.difficulty`, `${domain.name} levels are ${domain.difficulties.join(', ')}, got ${difficulty}`);
    }
    return { task: this.generatedTask(domain, ref.seed, difficulty, ref.index), domain };
  }

  private domain(name: string, field: string): Domain {
    const extra = this.extra.find((d) => d.name === name);
    if (extra) return extra;
    if (!domainNames().includes(name)) {
      throw new EnvError(400, 'unknown_domain', `field "${field}": unknown domain "${name}"; available: ${this.domainNames().join(', ')}`, {
        field,
      });
    }
    return getDomain(name);
  }

  private generatedById(domain: Domain, id: string): Task | undefined {
    const m = GENERATED_ID.exec(id);
    if (!m || m[1] !== domain.name) return undefined;
    const [difficulty, seed, index] = [Number(m[2]), Number(m[3]), Number(m[4])];
    if (!domain.difficulties.includes(difficulty) || seed > 2 ** 32 - 1 || index > 100_000) return undefined;
    const task = this.generatedTask(domain, seed, difficulty, index);
    return task.id === id ? task : undefined;
  }

  /** Task `index` of a generator run, which is the same whatever `n` (each task draws from its own seed). */
  private generatedTask(domain: Domain, seed: number, difficulty: number, index: number): Task {
    const key = `${domain.name}\u241f${seed}\u241f${difficulty}`;
    let tasks = this.generated.get(key) ?? [];
    if (index >= tasks.length) {
      // Grow in doubling steps, so walking indices 0..n costs O(n) generation, not O(n²).
      const n = Math.max(index + 1, tasks.length * 2, 16);
      tasks = domain.generate({ n, seed, difficulty });
      this.generated.set(key, tasks);
    }
    return tasks[index] as Task;
  }

  private async load(spec: string): Promise<void> {
    const eq = spec.indexOf('=');
    let domainName: string;
    let file: string;
    if (eq > 0 && !existsSync(spec)) {
      domainName = spec.slice(0, eq);
      file = spec.slice(eq + 1);
    } else {
      file = spec;
      const first = readJsonl(file)[0];
      const named = (first?.value as { domain?: unknown } | undefined)?.domain;
      if (typeof named !== 'string') {
        throw new TaskFormatError(
          { file, line: first?.line ?? 1, field: 'domain' },
          'the first record names no domain; give the file as --data <domain>=<file>',
        );
      }
      domainName = named;
    }
    if (!existsSync(file)) throw new UsageError(`--data: no such file ${file}`);
    if (!domainNames().includes(domainName))
      throw new UsageError(`--data ${spec}: unknown domain "${domainName}"; available: ${domainNames().join(', ')}`);
    const domain = getDomain(domainName);
    const into = this.loaded.get(domain.name) ?? new Map<string, Task>();
    for (const task of await loadTaskFile(file, domain)) {
      if (into.has(task.id)) throw new UsageError(`--data ${file}: task id "${task.id}" is also in another --data file`);
      into.set(task.id, task);
    }
    this.loaded.set(domain.name, into);
  }
}
