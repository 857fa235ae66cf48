// Wordle scoring. Greens are taken first; a yellow is given only while the target still has an
// unmatched copy of that letter, so duplicate letters are scored the way the game scores them.

export type Mark = 'G' | 'Y' | '-';

export function score(guess: string, target: string): Mark[] {
  const marks: Mark[] = Array.from({ length: guess.length }, () => '-');
  const unmatched = new Map<string, number>();
  for (let i = 0; i < target.length; i++) {
    if (guess[i] === target[i]) marks[i] = 'G';
    else unmatched.set(target[i] as string, (unmatched.get(target[i] as string) ?? 0) + 1);
  }
  for (let i = 0; i < guess.length; i++) {
    if (marks[i] === 'G') continue;
    const left = unmatched.get(guess[i] as string) ?? 0;
    if (left > 0) {
      marks[i] = 'Y';
      unmatched.set(guess[i] as string, left - 1);
    }
  }
  return marks;
}

/** Whether `word` could still be the target after seeing `marks` for `guess`. */
export function consistent(word: string, guess: string, marks: readonly Mark[]): boolean {
  return score(guess, word).join('') === marks.join('');
}
