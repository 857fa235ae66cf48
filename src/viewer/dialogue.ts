import { diffWordsWithSpace } from 'diff';
import type { StudentTurn, Task } from '../core/types.js';
import type { StoredEpisode } from '../store/run-store.js';

// An episode as the viewer shows it: the public prompt, the privileged data kept apart, the turns,
// and a word diff between each pair of consecutive student attempts.

export interface DiffPart {
  value: string;
  added: boolean;
  removed: boolean;
}

export interface AttemptDiff {
  from: number;
  to: number;
  parts: DiffPart[];
  /** True when the two attempts are the same text (the student repeated itself word for word). */
  identical: boolean;
}

export interface EpisodeView {
  episode: StoredEpisode;
  task: Pick<Task, 'id' | 'domain' | 'prompt' | 'metadata'> | null;
  /** Never shown to the student: the reference answer and whatever else the domain keeps private. */
  hidden: Task['privileged'] | null;
  diffs: AttemptDiff[];
}

export function episodeView(episode: StoredEpisode, task: Task | null): EpisodeView {
  const attempts = episode.turns.map((t) => t.turn).filter((t): t is StudentTurn => t.role === 'student');
  const diffs: AttemptDiff[] = [];
  for (let i = 1; i < attempts.length; i++) {
    const before = attempts[i - 1];
    const after = attempts[i];
    if (!before || !after) continue;
    const parts = diffWordsWithSpace(before.text, after.text).map((c) => ({ value: c.value, added: c.added, removed: c.removed }));
    diffs.push({ from: before.attempt, to: after.attempt, parts, identical: before.text === after.text });
  }
  return {
    episode,
    task: task ? { id: task.id, domain: task.domain, prompt: task.prompt, metadata: task.metadata } : null,
    hidden: task ? task.privileged : null,
    diffs,
  };
}
