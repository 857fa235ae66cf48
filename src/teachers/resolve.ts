import { UsageError } from '../core/errors.js';
import type { ChatModel, LeakJudge, Teacher } from '../core/types.js';
import { createModel } from '../models/registry.js';
import { assertFeedbackStyle, prepareModelTeachers, type ModelTeacherSetup, type ModelTeachers } from './llm/index.js';
import { isModuleSpec } from '../plugins/module.js';
import { BUILT_IN_TEACHERS, createTeacher, loadTeachers } from './registry.js';

// Teacher names become teachers here, for `eval` (a list of conditions, model teachers among
// them) and for `train rl` (one teacher, where `self` is the policy critiquing itself and so can
// only be built once the policy is loaded).

export interface ResolvedTeachers {
  /** In the order named. */
  teachers: Teacher[];
  leakJudge?: LeakJudge;
  /** Close the clients opened for teachers and the judge (not the student's). */
  close(): Promise<void>;
}

/**
 * The conditions of an eval. Model clients open now, so a missing key or a bad template stops
 * before any episode runs; an unknown name fails after them, as it always has.
 */
export async function resolveTeachers(names: string[], setup: ModelTeacherSetup): Promise<ResolvedTeachers> {
  await loadTeachers(names);
  const models = await prepareModelTeachers(names, setup);
  try {
    const teachers = names.map((name) => createTeacher(name, { resolveExtension: models.resolveExtension }));
    return { teachers, ...(models.leakJudge ? { leakJudge: models.leakJudge } : {}), close: () => models.close() };
  } catch (error) {
    await models.close();
    throw error;
  }
}

export interface RlTeacher {
  /** A built-in teacher now, or (`self`, `llm:<spec>`) one built from the policy once it is loaded. */
  teacher: Teacher | ((policy: ChatModel) => Promise<Teacher>);
  /** Close the clients the teacher opened. */
  close(): Promise<void>;
}

/**
 * The teacher of `train rl`. Only a model teacher needs `feedback`, so the style (and an
 * unknown name) is checked when that teacher is built, after the policy has loaded.
 */
export function resolveRlTeacher(name: string, feedback: string): RlTeacher {
  if (BUILT_IN_TEACHERS.includes(name)) return { teacher: createTeacher(name), close: async () => {} };
  if (isModuleSpec(name)) {
    const teacher = async (): Promise<Teacher> => {
      await loadTeachers([name]);
      return createTeacher(name);
    };
    return { teacher, close: async () => {} };
  }
  let models: ModelTeachers | undefined;
  return {
    teacher: async (policy) => {
      assertFeedbackStyle(feedback);
      if (name !== 'self' && !name.startsWith('llm:'))
        throw new UsageError(`unknown --teacher "${name}": use ${BUILT_IN_TEACHERS.join(', ')}, self, llm:<spec> or module:<file.js>`);
      // Rollouts must be fresh draws, so teacher calls go straight to the model (no response cache).
      models = await prepareModelTeachers([name], {
        studentSpec: 'embedded:policy',
        student: policy,
        createModel,
        wrap: (m) => m,
        feedback,
      });
      return createTeacher(name, { resolveExtension: models.resolveExtension });
    },
    close: async () => {
      await models?.close();
    },
  };
}
