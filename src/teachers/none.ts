import type { Teacher } from '../core/types.js';

/**
 * No feedback at all: the episode loop gives every attempt the original prompt afresh, so K
 * attempts are K independent samples and acc@K is pass@K. Learning from feedback is the gap
 * between a feedback condition and this one.
 */
export const noneTeacher: Teacher = {
  name: 'none',
  mode: 'fresh',
  privileged: false,
  async feedback() {
    throw new Error('the none teacher gives no feedback; the episode loop must not ask it');
  },
};
