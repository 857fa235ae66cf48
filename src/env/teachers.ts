import { join } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { ChatModel, LeakJudge, Teacher } from '../core/types.js';
import { createModel } from '../models/registry.js';
import { CallLimits } from '../runner/calls/limits.js';
import { ModelCalls } from '../runner/calls/managed-model.js';
import { RunStore } from '../store/run-store.js';
import { prepareModelTeachers } from '../teachers/llm/index.js';
import { isModuleSpec } from '../plugins/module.js';
import { createTeacher, loadTeachers } from '../teachers/registry.js';

// The teachers a server offers are fixed when it starts: `scripted` and `unary`, plus each
// `--teacher name=llm:<spec>`. A client picks one by name and can never name a model or a URL.
// Model teachers (and the leak judge) call through the runner's call layer: response cache and
// call log in <store>/calls, retries with backoff, a limit on calls in flight.

export const BUILT_IN_ENV_TEACHERS = ['scripted', 'unary'] as const;

export interface EnvTeachers {
  byName: Map<string, Teacher>;
  /** Names whose teacher calls a model (they take a slot of the teacher pool). */
  modelBacked: Set<string>;
  leakJudge?: LeakJudge;
  close(): Promise<void>;
}

export interface EnvTeacherOptions {
  /** `name=llm:<spec>` or `llm:<spec>` (then the name is the whole spec). */
  specs: string[];
  leakJudge?: string;
  /** Where the call log and response cache live; none: calls are retried and limited only. */
  storeDir?: string;
  maxCalls: number;
  feedback?: 'hindsight' | 'future' | 'both';
}

/** A student the environment never has: the trainer owns the policy. */
const noStudent: ChatModel = {
  id: 'env:no-student',
  generate: () => Promise.reject(new Error('the environment server has no student model')),
};

export async function openEnvTeachers(o: EnvTeacherOptions): Promise<EnvTeachers> {
  const byName = new Map<string, Teacher>(BUILT_IN_ENV_TEACHERS.map((n) => [n, createTeacher(n)]));
  const aliases = new Map<string, string>();
  const plugins = new Map<string, string>();
  for (const spec of o.specs) {
    const eq = spec.indexOf('=');
    const [name, model] = eq > 0 ? [spec.slice(0, eq), spec.slice(eq + 1)] : [spec, spec];
    if (!/^[A-Za-z0-9][A-Za-z0-9._:/@-]{0,127}$/.test(name))
      throw new UsageError(`--teacher ${spec}: "${name}" is not a usable teacher name`);
    if (byName.has(name) || aliases.has(name) || plugins.has(name)) throw new UsageError(`--teacher: the name "${name}" is given twice`);
    if (isModuleSpec(model)) {
      plugins.set(name, model);
      continue;
    }
    if (!model.startsWith('llm:') || model.length === 'llm:'.length)
      throw new UsageError(
        `--teacher ${spec}: the teacher must be llm:<model spec> or module:<file.js> (scripted and unary are always offered)`,
      );
    aliases.set(name, model);
  }
  // Plug-in teachers run in this process; like the built-ins they are fixed at start.
  await loadTeachers([...plugins.values()]);
  for (const [name, module] of plugins) byName.set(name, { ...createTeacher(module), name });
  if (aliases.size === 0 && !o.leakJudge) return { byName, modelBacked: new Set(), close: async () => {} };

  const callStore = o.storeDir ? RunStore.open(join(o.storeDir, 'calls'), { create: true }) : undefined;
  const calls = new ModelCalls({ ...(callStore ? { store: callStore } : {}), limits: new CallLimits({ global: o.maxCalls }) });
  try {
    const models = await prepareModelTeachers([...new Set(aliases.values())], {
      studentSpec: noStudent.id,
      student: noStudent,
      createModel,
      wrap: (model, role) => calls.wrap(model, role),
      feedback: o.feedback ?? 'both',
      ...(o.leakJudge ? { leakJudge: o.leakJudge } : {}),
    });
    for (const [name, model] of aliases) {
      const teacher = models.resolveExtension(model);
      if (!teacher) throw new UsageError(`--teacher ${name}=${model}: no such teacher`);
      byName.set(name, { ...teacher, name });
    }
    return {
      byName,
      modelBacked: new Set(aliases.keys()),
      ...(models.leakJudge ? { leakJudge: models.leakJudge } : {}),
      close: async () => {
        await models.close();
        callStore?.close();
      },
    };
  } catch (error) {
    callStore?.close();
    throw error;
  }
}
