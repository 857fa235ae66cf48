import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BwrapSandbox, checkBwrap } from '../../src/sandbox/bwrap.js';
import { ATTACKS, HOST_MARKER } from './attacks.js';

const hasBwrap = spawnSync('bwrap', ['--version']).status === 0;

describe('bwrap sandbox when bubblewrap is missing', () => {
  it('says how to install it', () => {
    expect(() => checkBwrap('/nonexistent/bwrap')).toThrow(/apt-get install -y bubblewrap/);
  });
});

describe.skipIf(!hasBwrap)(hasBwrap ? 'bwrap sandbox' : 'bwrap sandbox (skipped: bubblewrap is not installed)', () => {
  let sandbox: BwrapSandbox;
  beforeAll(() => {
    process.env.DIDACTIC_TEST_SECRET = 'hunter2-secret';
    rmSync(HOST_MARKER, { force: true });
    sandbox = new BwrapSandbox({ memoryMb: 256, outputBytes: 64 * 1024 });
  });
  afterAll(async () => {
    await sandbox?.close();
    delete process.env.DIDACTIC_TEST_SECRET;
  });

  it('runs native python3 and reports values', async () => {
    const result = await sandbox.run({ code: 'def add(a, b):\n    return a + b\n', calls: ['add(2, 3)', 'add("a", 1)'] });
    expect(result.status).toBe('completed');
    expect(result.calls[0]).toEqual({ ok: true, value: { t: 'int', v: '5' } });
    expect(result.calls[1]).toMatchObject({ ok: false, error: { type: 'TypeError', line: 2 } });
  });

  for (const attack of ATTACKS) {
    it(`contains: ${attack.name}`, async () => {
      const result = await sandbox.run({
        code: attack.code,
        calls: attack.calls ?? [],
        ...(attack.timeoutMs ? { timeoutMs: attack.timeoutMs } : {}),
      });
      expect(['completed', 'timeout', 'memory', 'crashed']).toContain(result.status);
      for (const call of result.calls) if (call.ok) expect(call.value).not.toEqual({ t: 'int', v: '3' });
      expect(existsSync(HOST_MARKER)).toBe(false);
      expect(result.output).not.toContain('root:x:0:0');
      expect(JSON.stringify(result)).not.toContain('hunter2-secret');
      expect(result.output.length).toBeLessThanOrEqual(64 * 1024);
    }, 30_000);
  }

  it('has no network: a live server on the host loopback sees no connection', async () => {
    let connections = 0;
    const server = createServer((_req, res) => res.end('reached'));
    server.on('connection', () => connections++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    try {
      const code = `import socket\ntry:\n    socket.create_connection(("127.0.0.1", ${port}), timeout=2)\n    r = "connected"\nexcept OSError as e:\n    r = type(e).__name__`;
      const result = await sandbox.run({ code, calls: ['r'] });
      expect(result.calls[0]).toMatchObject({ ok: true });
      expect(result.calls[0]).not.toEqual({ ok: true, value: { t: 'str', v: 'connected' } });
      expect(connections).toBe(0);
      expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('reached');
    } finally {
      server.close();
    }
  });
});
