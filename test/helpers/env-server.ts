import type { ChildProcess } from 'node:child_process';
import { spawnCli } from './cli.js';

// `didactic env serve` in a subprocess on port 0, as a trainer's launcher would start it, with a
// small client for its JSON API.

export interface EnvServer {
  url: string;
  process: ChildProcess;
  /** What the server printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, or the signal given, and wait for the exit. */
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export async function startEnvServer(args: string[] = [], env: Record<string, string> = {}): Promise<EnvServer> {
  const child = spawnCli(['env', 'serve', '--port', '0', ...args], env);
  let out = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /at (http:\/\/\S+) \(port \d+\)/.exec(out);
      if (m?.[1]) resolve(m[1]);
    });
    child.stderr?.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('exit', (code, signal) => reject(new Error(`env serve exited (${code ?? signal}): ${out}`)));
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url,
    process: child,
    output: () => out,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      await exited;
    },
  };
}

export interface Reply<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
}

/** One JSON request; `body` is sent as given when it is a string (for malformed bodies). */
// biome-ignore lint/suspicious/noExplicitAny: tests read reply fields by name, and a wrong name fails the expectation anyway
export async function call<T = Record<string, any>>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply<T>> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...headers },
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: (text ? JSON.parse(text) : null) as T };
}
