import { UsageError } from '../../core/errors.js';
import type { ChatModel, LeakJudge, Teacher } from '../../core/types.js';
import { createLlmLeakJudge, JUDGE_PLACEHOLDERS } from './leak-judge.js';
import { assertFeedbackStyle, createLlmTeacher, TEACHER_PLACEHOLDERS, type FeedbackStyle } from './llm-teacher.js';
import { createSelfTeacher } from './self-teacher.js';
import { builtInPromptPath, loadTemplate } from './template.js';

export { assertFeedbackStyle, FEEDBACK_STYLES, type FeedbackStyle } from './llm-teacher.js';

export interface ModelTeacherSetup {
  /** The student's spec: `llm:<same spec>` reuses the student's client. */
  studentSpec: string;
  student: ChatModel;
  createModel: (spec: string) => Promise<ChatModel>;
  /** Give a raw model its role in the run (cache, retries, limits, the role's settings). */
  wrap: (model: ChatModel, role: 'teacher' | 'judge') => ChatModel;
  feedback: FeedbackStyle;
  /** A user template replacing prompts/teacher.md. */
  teacherPrompt?: string;
  leakJudge?: string;
}

export interface ModelTeachers {
  /** For createTeacher: builds `llm:<spec>` and `self`. */
  resolveExtension: (name: string) => Teacher | undefined;
  leakJudge?: LeakJudge;
  /** Close the clients this setup opened (not the student's). */
  close(): Promise<void>;
}

/**
 * Open the model clients that `llm:<spec>` teachers, `self` and `--leak-judge` need, before any
 * episode runs, so a missing key or a bad template stops the command at once.
 */
export async function prepareModelTeachers(names: string[], setup: ModelTeacherSetup): Promise<ModelTeachers> {
  assertFeedbackStyle(setup.feedback);
  const opened = new Map<string, ChatModel>();
  const open = async (spec: string): Promise<ChatModel> => {
    if (spec === setup.studentSpec) return setup.student;
    let model = opened.get(spec);
    if (!model) {
      model = await setup.createModel(spec);
      opened.set(spec, model);
    }
    return model;
  };
  const teachers = new Map<string, Teacher>();
  try {
    const llmNames = names.filter((n) => n.startsWith('llm:'));
    if (llmNames.length) {
      const template = loadTemplate(setup.teacherPrompt ?? builtInPromptPath('teacher.md'), TEACHER_PLACEHOLDERS);
      const styleText = loadTemplate(builtInPromptPath(`feedback/${setup.feedback}.md`), []).text;
      for (const name of llmNames) {
        const spec = name.slice('llm:'.length);
        if (!spec) throw new UsageError('--teacher llm: needs a model spec, e.g. llm:openai:gpt-4o-mini');
        teachers.set(name, createLlmTeacher({ name, model: setup.wrap(await open(spec), 'teacher'), template, styleText }));
      }
    } else if (setup.teacherPrompt) {
      throw new UsageError('--teacher-prompt applies to llm:<spec> teachers, and none was asked for');
    }
    if (names.includes('self')) {
      const critique = loadTemplate(builtInPromptPath('self-critique.md'), []);
      teachers.set('self', createSelfTeacher(setup.wrap(setup.student, 'teacher'), critique));
    }
    let leakJudge: LeakJudge | undefined;
    if (setup.leakJudge) {
      const template = loadTemplate(builtInPromptPath('leak-judge.md'), JUDGE_PLACEHOLDERS);
      leakJudge = createLlmLeakJudge(setup.wrap(await open(setup.leakJudge), 'judge'), template);
    }
    return {
      resolveExtension: (name) => teachers.get(name),
      ...(leakJudge ? { leakJudge } : {}),
      close: async () => {
        await Promise.all([...opened.values()].map((m) => m.close?.()));
      },
    };
  } catch (error) {
    await Promise.all([...opened.values()].map((m) => m.close?.()));
    throw error;
  }
}
