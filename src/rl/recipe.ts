import { resolveRlTeacher } from '../teachers/resolve.js';
import { trainRl, type RlOptions, type RlResult } from './trainer.js';

/** The options of `train rl`: the teacher by name, and the style of a model teacher's feedback. */
export type RlRecipeOptions = Omit<RlOptions, 'teacher'> & { teacher: string; feedback: string };

/** RL with the teacher named; the clients a model teacher opened are closed when training ends. */
export async function trainRlRecipe(options: RlRecipeOptions): Promise<RlResult> {
  const { teacher: name, feedback, ...rest } = options;
  const teacher = resolveRlTeacher(name, feedback);
  try {
    return await trainRl({ ...rest, teacher: teacher.teacher });
  } finally {
    await teacher.close();
  }
}
