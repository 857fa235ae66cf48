import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/random.js';
import type { Task } from '../../src/core/types.js';
import { extractMoves, movesFrom } from '../../src/domains/maze/extract.js';
import { shortestPath, walk } from '../../src/domains/maze/grid.js';
import { mazeDomain, type MazeDetails, type MazePrivileged } from '../../src/domains/maze/index.js';

const grid = ['S.#', '..#', '#.G'];
const task = mazeDomain.parseRecord({ id: 'hand', grid }, { file: 'test', line: 1 }) as Task<MazePrivileged>;

describe('maze simulation', () => {
  it('finds a shortest path by BFS', () => {
    expect(shortestPath(grid, [0, 0], [2, 2])?.length).toBe(4);
    expect(shortestPath(['S#G'], [0, 0], [0, 2])).toBeNull();
    expect(task.privileged.answer).toHaveLength(4);
  });
  it('walks moves and reports the first wall or edge', () => {
    expect(walk(grid, [0, 0], 'RDDR')).toEqual({ outcome: 'ended', position: [2, 2] });
    expect(walk(grid, [0, 0], 'RR')).toEqual({ outcome: 'wall', move: 2, direction: 'R', position: [0, 1] });
    expect(walk(grid, [0, 0], 'U')).toEqual({ outcome: 'out-of-bounds', move: 1, direction: 'U', position: [0, 0] });
    expect(walk(grid, [0, 0], 'DD')).toEqual({ outcome: 'wall', move: 2, direction: 'D', position: [1, 0] });
  });
  it('verifies: any legal path ending on G is correct, not only the reference', () => {
    expect(mazeDomain.verify(task, 'Answer: RDDR').correct).toBe(true);
    expect(mazeDomain.verify(task, 'Answer: DRDR').correct).toBe(true);
    expect(mazeDomain.verify(task, 'Answer: DRUDDR').correct).toBe(true);
    const short = mazeDomain.verify(task, 'Answer: RD');
    expect(short.correct).toBe(false);
    expect(short.details).toMatchObject({ outcome: 'short', position: [1, 1], remaining: 2 });
    expect((mazeDomain.verify(task, 'Answer: RR').details as MazeDetails).outcome).toBe('wall');
    expect((mazeDomain.verify(task, 'Answer: L').details as MazeDetails).outcome).toBe('out-of-bounds');
    expect((mazeDomain.verify(task, 'I give up').details as MazeDetails).outcome).toBe('no-answer');
  });
});

describe('maze answer extraction', () => {
  it.each([
    ['Answer: RRDL', 'RRDL'],
    ['answer: r r d l', 'RRDL'],
    ['Answer: R, R, D, L.', 'RRDL'],
    ['Answer: right right down left', 'RRDL'],
    ['I go around.\nAnswer: UUL', 'UUL'],
    ['\\boxed{DDR}', 'DDR'],
    ['Thinking...\nRRD', 'RRD'],
    ['Answer: R → R → D', 'RRD'],
  ])('%j → %s', (text, moves) => {
    expect(extractMoves(text)).toBe(moves);
  });
  it('finds nothing in prose', () => {
    expect(extractMoves('I am not sure where to go.')).toBeNull();
    expect(movesFrom('go north')).toBeNull();
  });
});

// Generation (deterministic, solvable at every level), round trips and scripted feedback never
// giving a path away are checked for every domain in contract.test.ts.

describe('maze scripted teacher', () => {
  it('says where the path goes wrong', () => {
    const fb = mazeDomain.scriptedFeedback(task, mazeDomain.verify(task, 'Answer: RR'), createRng(1));
    expect(fb).toMatch(/[Mm]ove 2/);
    expect(fb).toMatch(/row 1, column 2/);
    expect(fb).toMatch(/wall/);
  });
  it('leak check catches solutions however they are written', () => {
    for (const leak of ['Try RDDR.', 'go R, D, D, R', 'Go right, down, down, right!', 'DRDR works']) {
      expect(mazeDomain.leaks(task, leak), leak).toBe(true);
    }
    expect(mazeDomain.leaks(task, 'Move 2 goes right into a wall.')).toBe(false);
  });
});
