import type { Privileged } from '../../core/types.js';
import type { Mark } from './pattern.js';

export interface WordlePrivileged extends Privileged {
  /** `answer` is the target word, uppercase. */
  /** Candidate words shown in the prompt (easy levels), uppercase; the target is one of them. */
  candidates?: string[];
  /** The letter the prompt reveals (level 3), 0-based position. */
  hint?: { position: number; letter: string };
}

export type WordleOutcome = 'solved' | 'no-answer' | 'bad-length' | 'not-letters' | 'scored';

export interface WordleDetails {
  outcome: WordleOutcome;
  /** The guess as read, uppercase. */
  guess?: string;
  /** One mark per letter: G right letter and position, Y in the word elsewhere, - not (or no more) in the word. */
  marks?: Mark[];
  /** The guess is not among the candidates the prompt listed. */
  notACandidate?: boolean;
}
