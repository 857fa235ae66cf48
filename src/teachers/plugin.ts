import { UsageError } from '../core/errors.js';
import type { Teacher } from '../core/types.js';
import { importModuleSpec, missingMembers } from '../plugins/module.js';

// A teacher from outside the repository: `--teacher module:./my-teacher.js`, whose default export
// (or `teacher` export) is a Teacher, ideally built with defineTeacher.

const TEACHER_MEMBERS = { name: 'string', mode: ['feedback', 'fresh'], privileged: 'boolean', feedback: 'function' } as const;

export async function loadTeacherPlugin(spec: string): Promise<Teacher> {
  const { file, exports } = await importModuleSpec(spec, 'teacher');
  const teacher = exports.default ?? exports.teacher;
  if (teacher === undefined) throw new UsageError(`${file}: exports no teacher (export default defineTeacher({ … }))`);
  const missing = missingMembers(teacher, TEACHER_MEMBERS);
  if (missing.length) throw new UsageError(`${file}: the exported teacher is missing or mistypes: ${missing.join(', ')}`);
  return teacher as Teacher;
}
