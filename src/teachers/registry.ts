import { UsageError } from '../core/errors.js';
import type { Teacher } from '../core/types.js';
import { maintainTeacher } from './maintain.js';
import { noneTeacher } from './none.js';
import { placeboTeacher } from './placebo.js';
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

export function createTeacher(name: string, context: TeacherContext = {}): Teacher {
  const teacher = builtIn[name] ?? context.resolveExtension?.(name);
  if (!teacher) {
    throw new UsageError(`unknown teacher "${name}"; available: ${BUILT_IN_TEACHERS.join(', ')}`);
  }
  return teacher;
}
