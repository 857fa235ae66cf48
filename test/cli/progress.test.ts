import { describe, expect, it, vi } from 'vitest';
import { createStepLine } from '../../src/cli/progress.js';

function stream(isTTY: boolean): NodeJS.WriteStream & { text: () => string } {
  const chunks: string[] = [];
  return {
    isTTY,
    write: (chunk: string) => {
      chunks.push(chunk);
      return true;
    },
    text: () => chunks.join(''),
  } as unknown as NodeJS.WriteStream & { text: () => string };
}

describe('the step line', () => {
  it('on a terminal rewrites one line in place, with a bar of the share done, and ends it', () => {
    const tty = stream(true);
    const line = createStepLine(tty);
    line.update(0.5, 'step 1/2', false);
    line.update(1.2, 'step 2/2', true);
    line.stop();
    expect(tty.text()).toBe(`\r[${'█'.repeat(15)}${'░'.repeat(15)}] step 1/2\r[${'█'.repeat(30)}] step 2/2\n`);
  });

  it('on a pipe prints the first step, then at most every 15 s, and always the last', () => {
    vi.useFakeTimers();
    try {
      const pipe = stream(false);
      const line = createStepLine(pipe);
      line.update(0.25, 'step 1/4', false);
      line.update(0.5, 'step 2/4', false);
      vi.advanceTimersByTime(15_001);
      line.update(0.75, 'step 3/4', false);
      line.update(1, 'step 4/4', true);
      line.stop();
      expect(
        pipe
          .text()
          .split('\n')
          .map((l) => l.replace(/^\[[█░]+\] /, '')),
      ).toEqual(['step 1/4', 'step 3/4', 'step 4/4', '']);
    } finally {
      vi.useRealTimers();
    }
  });
});
