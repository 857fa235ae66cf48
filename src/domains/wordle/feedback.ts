import type { Rng, Task, Verdict } from '../../core/types.js';
import type { WordleDetails, WordlePrivileged } from './types.js';

// Wordle's feedback is the game's own: the colour pattern of the guess. It needs nothing but the
// target, so no teacher knowledge beyond the rules is involved. The pattern is shown compactly
// (G / Y / -, as the prompt explains) and spelled out in words for readers that parse prose
// better than symbols. Templates use no five-letter word (counts are digits, since "three" is
// one), so the only five-letter word in the text is the student's own guess: the target can
// never slip in through the wording.

function list(letters: string[]): string {
  if (letters.length <= 1) return letters.join('');
  return `${letters.slice(0, -1).join(', ')} and ${letters.at(-1)}`;
}

function unique(letters: string[]): string[] {
  return [...new Set(letters)];
}

/** The pattern in words: which letters sit in the correct spot, which are misplaced, which are absent. */
export function describeMarks(guess: string, marks: readonly string[]): string {
  const letters = guess.split('');
  const green = unique(letters.filter((_, i) => marks[i] === 'G'));
  const yellow = unique(letters.filter((_, i) => marks[i] === 'Y'));
  const absent: string[] = [];
  const limited: string[] = [];
  for (const letter of unique(letters.filter((_, i) => marks[i] === '-'))) {
    const present = letters.filter((l, i) => l === letter && marks[i] !== '-').length;
    if (present === 0) absent.push(letter);
    else limited.push(`the word has exactly ${present} ${letter}`);
  }
  const parts: string[] = [];
  if (green.length) parts.push(`${list(green)} ${green.length === 1 ? 'is' : 'are'} in the correct spot`);
  if (yellow.length) parts.push(`${list(yellow)} ${yellow.length === 1 ? 'is' : 'are'} in the word but misplaced`);
  if (absent.length) parts.push(`${list(absent)} ${absent.length === 1 ? 'is' : 'are'} not in the word`);
  parts.push(...limited);
  if (green.length === 0 && yellow.length === 0) parts.unshift('no letter matches');
  const sentence = parts.join('; ');
  return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
}

export function wordleFeedback(_task: Task<WordlePrivileged>, verdict: Verdict<WordleDetails>, rng: Rng): string {
  const d = verdict.details;
  switch (d.outcome) {
    case 'no-answer':
      return rng.pick([
        'I see no word to mark. End with a line "Answer: " followed by one five-letter English word.',
        'No attempt to mark here. Put your five-letter word on the last line as "Answer: <word>".',
      ]);
    case 'not-letters':
      return rng.pick([
        'Your attempt contains characters that are not letters; use only the letters A to Z, five of them.',
        'That attempt is not made of letters only. Give one English word of five letters.',
      ]);
    case 'bad-length': {
      const n = d.guess?.length ?? 0;
      return rng.pick([
        `Your attempt has ${n} letters; it must have exactly 5.`,
        `That is ${n} letters long. The hidden word has 5 letters, so each attempt needs 5.`,
      ]);
    }
    case 'scored': {
      const guess = d.guess ?? '';
      const marks = d.marks ?? [];
      const pattern = `${guess}  ${marks.join(' ')}`;
      const note = d.notACandidate ? ' (Note: that word is not on the list of candidates.)' : '';
      return `${pattern}\n${describeMarks(guess, marks)}${note}`;
    }
    case 'solved':
      return 'Correct.';
  }
}
