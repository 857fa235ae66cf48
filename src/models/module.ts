import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UsageError } from '../core/errors.js';
import type { ChatModel } from '../core/types.js';

/**
 * `module:<path>`: a JavaScript module whose default export is a ChatModel, or a function
 * (sync or async) returning one. The way to plug an in-process model — a local pipeline, a
 * rule-based baseline of your own — into every didactic command.
 */
export async function loadModuleModel(path: string, spec: string): Promise<ChatModel> {
  const file = resolve(path);
  if (!existsSync(file)) throw new UsageError(`model module not found: ${file} (from "${spec}")`);
  const loaded: unknown = (await import(pathToFileURL(file).href)).default;
  const model: unknown = typeof loaded === 'function' ? await (loaded as () => unknown)() : loaded;
  if (!isChatModel(model)) {
    throw new UsageError(`${file}: the default export must be a ChatModel ({ id, generate(request) }) or a function returning one`);
  }
  return model;
}

function isChatModel(value: unknown): value is ChatModel {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ChatModel).id === 'string' &&
    typeof (value as ChatModel).generate === 'function'
  );
}
