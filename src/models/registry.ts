import { UsageError } from '../core/errors.js';
import type { ChatModel } from '../core/types.js';
import { loadModuleModel } from './module.js';
import { httpProviders } from '../providers/index.js';

// Model specs look like `<provider>:<rest>`: `module:./my-student.js`, later `embedded:base`,
// `openai:gpt-4o-mini`, `openai-compatible:http://127.0.0.1:8000/v1#model`. Each provider lives
// in its own file and registers a factory here.

export type ModelFactory = (rest: string, spec: string) => Promise<ChatModel>;

const providers = new Map<string, ModelFactory>([
  ['module', loadModuleModel],
  // Loaded on first use: it starts the tensor library.
  ['embedded', async (rest, spec) => (await import('../embedded/provider.js')).loadEmbeddedModel(rest, spec)],
]);

export function registerProvider(prefix: string, factory: ModelFactory): void {
  providers.set(prefix, factory);
}

for (const [prefix, factory] of httpProviders) registerProvider(prefix, factory);

export function providerNames(): string[] {
  return [...providers.keys()];
}

export async function createModel(spec: string): Promise<ChatModel> {
  const colon = spec.indexOf(':');
  const prefix = colon < 0 ? spec : spec.slice(0, colon);
  const factory = providers.get(prefix);
  if (!factory || colon < 0) {
    throw new UsageError(`unknown model spec "${spec}"; use <provider>:<model> with provider one of: ${providerNames().join(', ')}`);
  }
  return factory(spec.slice(colon + 1), spec);
}
