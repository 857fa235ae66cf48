import type { Teacher, TeacherInput, TeacherReply } from '../core/types.js';

/** What a teacher author writes: a name and `feedback`; the rest has the common defaults. */
export interface TeacherSpec {
  name: string;
  /** Default `feedback`. `fresh` makes every attempt an independent sample (the pass@k control). */
  mode?: Teacher['mode'];
  /** Default true: the teacher sees the reference, so the leak guard checks its texts. */
  privileged?: boolean;
  /** Return the text, or a `TeacherReply` when the text cost model tokens. */
  feedback(input: TeacherInput): string | TeacherReply | Promise<string | TeacherReply>;
}

/** Build a `Teacher` from its spec: a privileged feedback teacher unless told otherwise. */
export function defineTeacher(spec: TeacherSpec): Teacher {
  if (!spec.name) throw new RangeError('defineTeacher: the teacher needs a name');
  const { feedback } = spec;
  return {
    name: spec.name,
    mode: spec.mode ?? 'feedback',
    privileged: spec.privileged ?? true,
    async feedback(input) {
      const reply = await feedback(input);
      return typeof reply === 'string' ? { text: reply } : reply;
    },
  };
}
