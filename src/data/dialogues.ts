import { openingMessages } from '../core/episode.js';
import type { Domain, Task } from '../core/types.js';
import type { TemplatedMessage } from '../embedded/chat-template.js';
import type { SftExample } from '../embedded/sft-data.js';
import type { StoredEpisode } from '../store/run-store.js';

// Training data from the dialogues of a finished run, in the chat format `train sft` reads.
//
// - `solved`: every episode the student solved, through the solving attempt. Only that attempt is
//   trained; the wrong attempts and the feedback before it stay as context (`train: false`). On
//   the model's own dialogues this is rejection sampling over whole episodes.
// - `corrected`: every wrong attempt that got feedback, followed by a reply that gives the
//   reference answer. The model learns to answer *after* feedback, which a model trained only
//   on single-turn data never sees; the answer it is taught is one the feedback points toward.
// - `consolidated`: every episode solved after feedback (at attempt 2 or later), as a single-turn
//   example: the opening prompt → the attempt that succeeded. Training on these distils what the
//   model reached with a teacher back into its first answer, so the gain no longer lives only in
//   the context window (self-distillation from feedback).

export const DIALOGUE_KINDS = ['solved', 'corrected', 'consolidated'] as const;
export type DialogueKind = (typeof DIALOGUE_KINDS)[number];

export interface DialogueExport {
  examples: SftExample[];
  /** Episodes read (finished, in the chosen conditions). */
  episodes: number;
  /** `corrected` only: corrections left out because no reference reply passes the verifier. */
  skipped: number;
}

/** The student's view of an episode up to (not including) turn `end`: assistant attempts, feedback as user turns. */
function dialogueUpTo(episode: StoredEpisode, task: Task, domain: Domain, end: number): TemplatedMessage[] {
  const messages: TemplatedMessage[] = openingMessages(task, domain);
  for (const { turn } of episode.turns.slice(0, end)) {
    if (turn.role === 'student') messages.push({ role: 'assistant', content: turn.text, train: false });
    else messages.push({ role: 'user', content: turn.text });
  }
  return messages;
}

/**
 * A reply stating the reference answer in the form the domain's verifier accepts. Tried in
 * order; the first the verifier marks correct wins, so no domain-specific formatting lives here.
 */
async function referenceReply(task: Task, domain: Domain): Promise<string | null> {
  const answer = task.privileged.answer;
  for (const reply of [`Answer: ${answer}`, `Answer:\n${answer}`, `\`\`\`python\n${answer}\n\`\`\``]) {
    const verdict = await Promise.resolve(domain.verify(task, reply)).catch(() => null);
    if (verdict?.correct) return reply;
  }
  return null;
}

export async function dialogueExamples(
  episodes: StoredEpisode[],
  lookup: { task: (domain: string, id: string) => Task | null; domain: (name: string) => Domain },
  kind: DialogueKind,
): Promise<DialogueExport> {
  const examples: SftExample[] = [];
  let read = 0;
  let skipped = 0;
  for (const episode of episodes) {
    if (episode.status !== 'done') continue;
    const task = lookup.task(episode.domain, episode.taskId);
    if (!task) continue;
    const domain = lookup.domain(episode.domain);
    read++;
    const hasFeedback = episode.turns.some(({ turn }) => turn.role === 'teacher');
    if (kind === 'consolidated') {
      if (!hasFeedback || episode.solvedAt === null || episode.solvedAt < 2) continue;
      const solving = episode.turns.find(({ turn }) => turn.role === 'student' && turn.correct)?.turn;
      if (solving) examples.push({ messages: [...openingMessages(task, domain), { role: 'assistant', content: solving.text }] });
      continue;
    }
    if (kind === 'solved') {
      if (episode.solvedAt === null) continue;
      const at = episode.turns.findIndex(({ turn }) => turn.role === 'student' && turn.correct);
      const solving = episode.turns[at]?.turn;
      if (!solving) continue;
      // Without feedback every attempt was a fresh sample of the opening: the example is single-turn.
      const context = hasFeedback ? dialogueUpTo(episode, task, domain, at) : openingMessages(task, domain);
      examples.push({ messages: [...context, { role: 'assistant', content: solving.text }] });
      continue;
    }
    if (!hasFeedback) continue;
    const reply = await referenceReply(task, domain);
    episode.turns.forEach(({ turn }, i) => {
      if (turn.role !== 'teacher') return;
      if (reply === null) {
        skipped++;
        return;
      }
      examples.push({ messages: [...dialogueUpTo(episode, task, domain, i + 1), { role: 'assistant', content: reply }] });
    });
  }
  return { examples, episodes: read, skipped };
}
