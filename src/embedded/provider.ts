import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UsageError } from '../core/errors.js';
import type { ChatModel, ChatRequest, ChatResponse } from '../core/types.js';
import { EmbeddedChat } from './chat.js';
import { EmbeddedModel } from './model.js';
import { packageFile } from '../package-files.js';

// `embedded:<name|path>`: a model directory trained by didactic. A bare name (`base`) is looked
// up in the package's models/ folder; anything with a slash, or an existing directory, is a path.

export function resolveModelDir(rest: string): string {
  if (!rest) throw new UsageError('embedded model spec needs a name or a path, e.g. embedded:base or embedded:./models/mine');
  const asPath = resolve(rest);
  if (rest.includes('/') || rest.includes('\\') || rest.startsWith('.')) {
    if (!existsSync(join(asPath, 'config.json')))
      throw new UsageError(`no embedded model at ${asPath} (expected config.json and model.safetensors)`);
    return asPath;
  }
  const shipped = packageFile('models', rest);
  if (existsSync(join(shipped, 'config.json'))) return shipped;
  if (existsSync(join(asPath, 'config.json'))) return asPath;
  throw new UsageError(`unknown embedded model "${rest}": not in ${packageFile('models')} and not a model directory`);
}

export class EmbeddedChatModel implements ChatModel {
  /** The chat template has a teacher slot, so the model can write the teacher's turn too. */
  readonly respondsAs = ['assistant', 'teacher'] as const;

  constructor(
    readonly id: string,
    readonly chat: EmbeddedChat,
  ) {}

  async generate(request: ChatRequest): Promise<ChatResponse> {
    request.signal?.throwIfAborted();
    const { text, usage } = await this.chat.complete(request.messages, request.settings ?? {}, undefined, request.respondAs ?? 'assistant');
    return { text, usage };
  }

  async close(): Promise<void> {
    this.chat.model.dispose();
  }
}

export async function loadEmbeddedModel(rest: string, spec: string): Promise<EmbeddedChatModel> {
  const dir = resolveModelDir(rest);
  return new EmbeddedChatModel(spec, new EmbeddedChat(await EmbeddedModel.load(dir)));
}
