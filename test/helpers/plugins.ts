import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT, tempDir } from './cli.js';

// Plug-in files as a user writes them, outside the repository, importing the built package.

export const DIDACTIC = pathToFileURL(join(ROOT, 'dist/src/index.js')).href;

/** Write `files` (name → source) into a fresh temp directory; returns the directory. */
export function pluginDir(files: Record<string, string>): string {
  const dir = tempDir('didactic-plugin-');
  for (const [name, source] of Object.entries(files)) writeFileSync(join(dir, name), source);
  return dir;
}

/**
 * A complete out-of-tree domain: reverse a word. `feedbackLeaks` makes its scripted feedback give
 * the answer away, which check-domain must catch.
 */
export function reverseDomainSource(options: { feedbackLeaks?: boolean } = {}): string {
  const feedback = options.feedbackLeaks
    ? "(task) => 'Close! It is ' + task.privileged.answer + '.'"
    : "(task, verdict) => 'Not the reversal: ' + verdict.summary + '. Read the word from its last letter.'";
  return `import { createRng, defineDomain, deriveSeed, shuffled, TaskFormatError } from '${DIDACTIC}';

const WORDS = {
  1: ['cat', 'dog', 'sun', 'map', 'pen', 'cup', 'hat', 'box', 'jar', 'owl', 'fig', 'kit'],
  2: ['planet', 'garden', 'silver', 'window', 'rocket', 'basket', 'candle', 'forest', 'marble', 'pepper', 'tunnel', 'wallet'],
};

const extract = (attempt) => attempt.match(/Answer:\\s*([a-z]+)/i)?.[1]?.toLowerCase() ?? null;

function task(word, difficulty, source) {
  return { id: 'reverse-' + word, domain: 'reverse', prompt: 'Reverse the word "' + word + '". End with "Answer: <word>".',
    privileged: { answer: [...word].reverse().join(''), word }, metadata: { source, difficulty } };
}

export default defineDomain({
  name: 'reverse',
  description: 'reverse a word',
  difficulties: [1, 2],
  defaultDifficulty: 1,
  systemPrompt: 'End your reply with "Answer: <word>".',
  generate({ n, seed, difficulty }) {
    if (!WORDS[difficulty]) throw new RangeError('unknown difficulty ' + difficulty);
    const rng = createRng(deriveSeed(seed, 'reverse', difficulty));
    return shuffled(WORDS[difficulty], rng).slice(0, n).map((word) => task(word, difficulty, 'generator:reverse'));
  },
  parseRecord(record, where) {
    const word = record?.privileged?.word ?? record?.word;
    if (typeof word !== 'string') throw new TaskFormatError({ ...where, field: 'word' }, 'missing');
    return task(word, record?.metadata?.difficulty ?? 1, record?.metadata?.source ?? where.file);
  },
  extract,
  verify(task, attempt) {
    const extracted = extract(attempt);
    const correct = extracted === task.privileged.answer;
    return { correct, extracted, summary: correct ? 'reversed' : extracted === null ? 'no answer' : 'letters out of order', details: null };
  },
  sameAnswer: (a, b) => a === b,
  scriptedFeedback: ${feedback},
  leaks: (task, text) => text.toLowerCase().includes(task.privileged.answer),
});

export const wrongAttempts = {
  attempts: (task) => ['Answer: ' + task.privileged.word, 'Answer: ' + task.privileged.answer + 's', 'no idea'],
};
`;
}

/** A student that answers the word unreversed first, then reversed once it has had feedback. */
export const learningStudentSource = `export default {
  id: 'test:learning',
  async generate({ messages }) {
    const word = messages.find((m) => m.role === 'user').content.match(/"([a-z]+)"/)[1];
    const tries = messages.filter((m) => m.role === 'assistant').length;
    return { text: 'Answer: ' + (tries === 0 ? word : [...word].reverse().join('')), usage: { inputTokens: 1, outputTokens: 1 } };
  },
};
`;

export const teacherSource = `import { defineTeacher } from '${DIDACTIC}';
export default defineTeacher({ name: 'nudge', feedback: ({ verdict }) => 'A reviewer says: ' + verdict.summary + '. Try from the last letter.' });
`;
