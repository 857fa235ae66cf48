import { z } from 'zod';
import type { PyValue, SandboxJob, SandboxResult } from './types.js';

// The harness output passes through untrusted territory (the program could have written to the
// result channel), so it is validated like any other outside input before the host believes it.

export const pyValueSchema: z.ZodType<PyValue> = z.lazy(() =>
  z.union([
    z.object({ t: z.literal('none') }),
    z.object({ t: z.literal('bool'), v: z.boolean() }),
    z.object({ t: z.enum(['int', 'float', 'str']), v: z.string() }),
    z.object({ t: z.enum(['list', 'tuple', 'set', 'frozenset']), v: z.array(pyValueSchema) }),
    z.object({ t: z.literal('dict'), v: z.array(z.tuple([pyValueSchema, pyValueSchema])) }),
    z.object({ t: z.literal('other'), type: z.string(), repr: z.string() }),
  ]),
) as z.ZodType<PyValue>;
const pyError = z.object({
  type: z.string(),
  message: z.string(),
  line: z.number().int().exactOptional(),
  source: z.string().exactOptional(),
});
const statement = z.union([z.object({ ok: z.literal(true) }), z.object({ ok: z.literal(false), error: pyError })]);
const call = z.union([z.object({ ok: z.literal(true), value: pyValueSchema }), z.object({ ok: z.literal(false), error: pyError })]);
const harnessOutput = z.object({ load: statement, calls: z.array(call), statements: z.array(statement) });

type Parsed = Pick<SandboxResult, 'status' | 'reason' | 'load' | 'calls' | 'statements'>;

export function parseHarnessOutput(json: string, job: SandboxJob): Parsed {
  let raw: unknown;
  try {
    raw = JSON.parse(json);
  } catch {
    return { status: 'crashed', reason: 'the test harness produced no readable result', calls: [], statements: [] };
  }
  const parsed = harnessOutput.safeParse(raw);
  if (!parsed.success) return { status: 'crashed', reason: 'the test harness result was malformed', calls: [], statements: [] };
  const { load, calls, statements } = parsed.data;
  const expectedCalls = load.ok ? job.calls.length + (job.stdin ?? []).length : 0;
  const expectedStatements = load.ok ? (job.statements ?? []).length : 0;
  if (calls.length !== expectedCalls || statements.length !== expectedStatements) {
    return { status: 'crashed', reason: 'the test harness stopped before every test ran', calls: [], statements: [] };
  }
  return { status: 'completed', load, calls, statements };
}
