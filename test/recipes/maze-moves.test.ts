import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, tempDir } from '../helpers/cli.js';

// scripts/experiments/maze-moves.mjs, the maze's blind arm: after feedback that names a failing
// move, the trained reply is the last path kept up to that move and changed there.

function runNode(args: string[]): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(ROOT, 'scripts/experiments/maze-moves.mjs'), ...args], { cwd: ROOT }, (error, stdout, stderr) => {
      done({ status: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

const dialogue = (attempt: string, feedback: string) => ({
  messages: [
    { role: 'user', content: 'Find a path from S to G in this maze.' },
    { role: 'assistant', content: `Answer: ${attempt}`, train: false },
    { role: 'user', content: feedback },
    { role: 'assistant', content: 'Answer: DDRR' },
  ],
});

describe('maze-moves', () => {
  it('keeps the moves before the named one, changes that one, and leaves other examples alone', async () => {
    const dir = tempDir();
    const input = join(dir, 'in.jsonl');
    const output = join(dir, 'out.jsonl');
    const examples = [
      dialogue('RRULD', 'Your first 2 moves are fine. Move 3 goes up from row 1, column 3 and leaves the grid.'),
      dialogue('LDD', 'At move 1, going left from row 1, column 1 takes you off the edge of the maze.'),
      dialogue('RRULD', 'Up to move 3 you are on open floor. At move 4 you are at row 2, column 3 and step left into a wall (#).'),
      dialogue('RD', 'Up to move 2 you are on open floor. Move 3 goes left from row 2, column 2 straight into a wall.'),
      dialogue('RD', 'Every move is legal, but your path ends at row 2, column 2, not at G; the goal is still 2 moves away.'),
      {
        messages: [
          { role: 'user', content: 'Find a path.' },
          { role: 'assistant', content: 'Answer: DR' },
        ],
      },
    ];
    writeFileSync(input, `${examples.map((e) => JSON.stringify(e)).join('\n')}\n`);
    const r = await runNode([input, output, '7']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('3 of 6 examples');
    const replies = readFileSync(output, 'utf8')
      .trim()
      .split('\n')
      .map((line) => (JSON.parse(line) as { messages: { content: string }[] }).messages.at(-1)?.content ?? '');
    const path = (reply: string): string => reply.replace(/^Answer: /, '');
    const [first, second, third, ...rest] = replies.map(path);
    for (const [reply, kept, named] of [
      [first, 'RR', 'U'],
      [second, '', 'L'],
      [third, 'RRU', 'L'],
    ] as const) {
      expect(reply?.slice(0, kept.length)).toBe(kept);
      expect(reply?.[kept.length]).toMatch(/^[UDLR]$/);
      expect(reply?.[kept.length]).not.toBe(named);
      expect((reply?.length ?? 0) - kept.length).toBeLessThanOrEqual(4);
    }
    // A move past the attempt's end, feedback naming no move, and a single-turn example: unchanged.
    expect(rest).toEqual(['DDRR', 'DDRR', 'DR']);
    expect((await runNode([input, join(dir, 'again.jsonl'), '7'])).stdout).toBe(r.stdout);
    expect(readFileSync(join(dir, 'again.jsonl'), 'utf8')).toBe(readFileSync(output, 'utf8'));
  });

  it('names the file and line of a line that is not JSON', async () => {
    const dir = tempDir();
    const input = join(dir, 'bad.jsonl');
    writeFileSync(input, `${JSON.stringify(dialogue('R', 'Move 1 goes right and leaves the grid.'))}\n{not json\n`);
    const r = await runNode([input, join(dir, 'out.jsonl')]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`${input}:2: not JSON`);
  });
});
