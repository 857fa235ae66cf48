import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UsageError } from '../core/errors.js';
import type { ChatModel, ChatRequest, ChatResponse } from '../core/types.js';
import { EmbeddedChat } from './chat.js';
import { EmbeddedModel } from './model.js';

// `embedded:<name|path>`: a model directory trained by didactic. A bare name (`base`) is looked
// up in the package's models/ folder; anything with a slash, or an existing directory, is a path.

export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'didactic') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the didactic package root');
    dir = parent;
  }
}

export function resolveModelDir(rest: string): string {
  if (!rest) throw new UsageError('embedded model spec needs a name or a path, e.g. embedded:base or embedded:./models/mine');
  const asPath = resolve(rest);
  if (rest.includes('/') || rest.includes('\\') || rest.startsWith('.')) {
    if (!existsSync(join(asPath, 'config.json')))
      throw new UsageError(`no embedded model at ${asPath} (expected config.json and model.safetensors)`);
    return asPath;
  }
  const shipped = join(packageRoot(), 'models', rest);
  if (existsSync(join(shipped, 'config.json'))) return shipped;
  if (existsSync(join(asPath, 'config.json'))) return asPath;
  throw new UsageError(`unknown embedded model "${rest}": not in ${join(packageRoot(), 'models')} and not a model directory`);
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
