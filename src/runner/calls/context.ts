import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which episode and turn a model call is made for. The eval runner sets it around each episode;
 * model wrappers read it to attach every call (failed tries included) to its turn.
 */
export interface CallContext {
  episodeId: number;
  /** Index the next stored turn of the episode will get: the turn a call in flight belongs to. */
  turnIndex: number;
}

const storage = new AsyncLocalStorage<CallContext>();

export function withCallContext<T>(context: CallContext, run: () => Promise<T>): Promise<T> {
  return storage.run(context, run);
}

export function currentCallContext(): CallContext | undefined {
  return storage.getStore();
}
