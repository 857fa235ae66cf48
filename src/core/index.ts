export * from './types.js';
export * from './errors.js';
export { runEpisode, openingMessages, type EpisodeOptions } from './episode.js';
export { guardedFeedback, SAFE_FALLBACK, type GuardedFeedback } from './leak-guard.js';
export { createRng, deriveSeed, shuffled } from './random.js';
