import { describe, expect, it } from 'vitest';
import { serveEmbedded } from '../../src/server/serve.js';
import { tinyModelDir } from '../helpers/tiny-model.js';

describe('serveEmbedded (didactic serve)', () => {
  it('serves an embedded model under the name after "embedded:", or the one given', async () => {
    const dir = tinyModelDir();
    const server = await serveEmbedded({ model: `embedded:${dir}`, host: '127.0.0.1', port: 0 });
    try {
      expect(server.id).toBe(dir);
      const models = (await (await fetch(`${server.url}/v1/models`)).json()) as { data: Array<{ id: string }> };
      expect(models.data.map((m) => m.id)).toEqual([dir]);
    } finally {
      await server.close();
    }
    const named = await serveEmbedded({ model: `embedded:${dir}`, host: '127.0.0.1', port: 0, name: 'tiny' });
    expect(named.id).toBe('tiny');
    await named.close();
  });

  it('takes embedded models only', async () => {
    await expect(serveEmbedded({ model: 'module:x.js', host: '127.0.0.1', port: 0 })).rejects.toThrow(
      '--model must be an embedded model, e.g. embedded:base',
    );
  });
});
