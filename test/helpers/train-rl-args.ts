import { tinyModelDir } from './tiny-model.js';

/**
 * The argument list of a smallest `didactic train rl` run on the tiny model (math, K = 2, two
 * tasks of two episodes, four-token attempts), written to `out`, with `extra` flags after it.
 */
export function tinyRlArgs(out: string, extra: string[] = []): string[] {
  return [
    'train',
    'rl',
    '--student',
    `embedded:${tinyModelDir(3)}`,
    '--domain',
    'math',
    '--difficulty',
    '1',
    '--turns',
    '2',
    '--group',
    '2',
    '--tasks-per-step',
    '2',
    '--max-tokens',
    '4',
    '--out',
    out,
    ...extra,
  ];
}
