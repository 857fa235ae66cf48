import { type EnvError, invalidField, toEnvError, type ErrorBody } from './errors.js';
import { batchSchema, parseBody } from './protocol.js';
import type { EnvService } from './service.js';

// POST /v1/batch: many start / attempt / finish operations in one request, for trainers that step
// all their episodes in lock-step. Items run concurrently; each result is what the single call
// would have answered, or `{error}`, in the order of the ops. One bad item never fails the batch.

export async function runBatch(service: EnvService, body: unknown, onError: (e: EnvError) => void): Promise<{ results: unknown[] }> {
  const { ops } = parseBody(batchSchema, body);
  const results = await Promise.all(
    ops.map(async (op, i): Promise<unknown> => {
      try {
        const { op: verb, ...rest } = op as Record<string, unknown> & { op: string };
        if (verb === 'start') return service.start(rest).reply;
        const id = rest.episode_id;
        if (typeof id !== 'string' || id === '') throw invalidField(`ops.${i}.episode_id`, 'expected string');
        if (verb === 'attempt') return (await service.attempt(id, { attempt: rest.attempt, text: rest.text })).reply;
        return await service.finish(id, rest.reason === undefined ? {} : { reason: rest.reason });
      } catch (error) {
        const e = toEnvError(error);
        onError(e);
        return e.body() satisfies ErrorBody;
      }
    }),
  );
  return { results };
}
