import { UsageError } from '../core/errors.js';
import type { Teacher } from '../core/types.js';
import { isModuleSpec } from '../plugins/module.js';
import { maintainTeacher } from './maintain.js';
import { noneTeacher } from './none.js';
import { placeboTeacher } from './placebo.js';
import { loadTeacherPlugin } from './plugin.js';
import { scriptedTeacher } from './scripted.js';
import { unaryTeacher } from './unary.js';

/**
 * Teachers are named on the command line. A factory may need context (the student model for
 * `self`, a model client for `llm:<spec>`), which the caller passes in.
 */
export interface TeacherContext {
  /** Builds a teacher whose name has a prefix this registry does not know itself (`llm:`, `self`). */
  resolveExtension?: (name: string) => Teacher | undefined;
}

const builtIn: Record<string, Teacher> = {
  scripted: scriptedTeacher,
  unary: unaryTeacher,
  none: noneTeacher,
  placebo: placeboTeacher,
  maintain: maintainTeacher,
};

export const BUILT_IN_TEACHERS = Object.keys(builtIn);

// Teachers from `module:<file.js>`, imported once by loadTeacher, found by the name asked for.
const loaded = new Map<string, Teacher>();

export function createTeacher(name: string, context: TeacherContext = {}): Teacher {
  const teacher = builtIn[name] ?? loaded.get(name) ?? context.resolveExtension?.(name);
  if (!teacher) {
    if (isModuleSpec(name)) throw new UsageError(`teacher "${name}" is not loaded yet: await loadTeacher("${name}") first`);
    throw new UsageError(`unknown teacher "${name}"; available: ${BUILT_IN_TEACHERS.join(', ')}, self, llm:<spec>, module:<file.js>`);
  }
  return teacher;
}

/**
 * Import the `module:<file.js>` teachers among `names` (checked against the Teacher contract), so
 * createTeacher finds them. Other names are left for createTeacher to judge.
 */
export async function loadTeachers(names: readonly string[]): Promise<void> {
  for (const name of names) {
    if (isModuleSpec(name) && !loaded.has(name)) loaded.set(name, await loadTeacherPlugin(name));
  }
}
