import { THREADS } from './node-globals.js';
import { defaultDevice, init } from '@jax-js/jax';

let started: Promise<void> | null = null;

/** Start the WebAssembly backend once per process. */
export function startRuntime(): Promise<void> {
  started ??= init('wasm').then(() => {
    defaultDevice('wasm');
  });
  return started;
}

export const runtimeThreads = THREADS;
