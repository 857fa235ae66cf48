import type { ChatModel, Teacher, TeacherInput, TeacherReply } from '../../core/types.js';
import type { PromptTemplate } from './template.js';

/**
 * `self`: the student model critiques its own last attempt with no privileged information (the
 * paper's teacher-free self-correction). It sees exactly the student's transcript plus a request
 * for a critique; the critique becomes the next user turn and is stored as a teacher turn named
 * `self`. Like every feedback condition it is asked only after a wrong attempt, so it learns the
 * one bit "wrong" that unary feedback also gives.
 *
 * A model that can write the teacher's turn itself (`respondsAs` includes `teacher`, as the
 * embedded model does) gets the transcript alone and writes the critique in the teacher slot,
 * which is where teacher-modelling training taught it to; other models get the critique request.
 */
/** What the student sees when its own critique came back empty. */
export const EMPTY_CRITIQUE = '(no critique)';

export function createSelfTeacher(model: ChatModel, template: PromptTemplate): Teacher {
  return {
    name: 'self',
    mode: 'feedback',
    privileged: false,
    async feedback(input: TeacherInput): Promise<TeacherReply> {
      const inSlot = model.respondsAs?.includes('teacher') === true;
      const response = await model.generate({
        messages: inSlot ? input.transcript : [...input.transcript, { role: 'user', content: template.text.trim() }],
        ...(inSlot ? { respondAs: 'teacher' as const } : {}),
        settings: { seed: input.rng.int(0, 2 ** 31 - 1) },
        sampleIndex: 0,
        ...(input.signal ? { signal: input.signal } : {}),
      });
      // A model that writes no critique has failed at critiquing, which is a result to measure,
      // not a broken call: the student is told so in neutral words (some providers refuse an
      // empty message), with no hint about its answer.
      const text = response.text.trim() || EMPTY_CRITIQUE;
      return { text, usage: response.usage };
    },
  };
}
