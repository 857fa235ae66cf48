import type { ChatModel } from '../core/types.js';

type Factory = (rest: string, spec: string) => Promise<ChatModel>;

// Loaded on first use: the SDK costs about 170 ms to import, which commands that call no remote
// model (tasks, verify, show, runs with module students) should not pay.
const lazy =
  <M>(load: () => Promise<M>, pick: (module: M) => Factory): Factory =>
  async (rest, spec) =>
    pick(await load())(rest, spec);

/** The hosted and HTTP providers, by spec prefix; the model registry registers them. */
export const httpProviders: ReadonlyArray<[string, Factory]> = [
  [
    'openai',
    lazy(
      () => import('./openai/index.js'),
      (m) => m.createOpenAIModel,
    ),
  ],
  [
    'anthropic',
    lazy(
      () => import('./anthropic/index.js'),
      (m) => m.createAnthropicModel,
    ),
  ],
  [
    'google',
    lazy(
      () => import('./google/index.js'),
      (m) => m.createGoogleModel,
    ),
  ],
  [
    'openai-compatible',
    lazy(
      () => import('./openai-compatible/index.js'),
      (m) => m.createOpenAICompatibleModel,
    ),
  ],
];
