import {
  getQuickJS,
  type QuickJSContext,
  type QuickJSHandle,
  type QuickJSWASMModule,
  shouldInterruptAfterDeadline,
} from 'quickjs-emscripten';

// JavaScript from a student, run in QuickJS compiled to WebAssembly: a fresh runtime per attempt,
// with no host objects at all (no require, process, fetch, timers or file system), a memory
// limit, a stack limit and an interrupt at the deadline. Values leave the sandbox only as strings
// written by a serializer made before the student's code ran, which that code cannot reach or
// replace, so no prototype trick changes what the host reads.

export interface JsLimits {
  timeoutMs: number;
  memoryMb: number;
}

export const DEFAULT_JS_LIMITS: JsLimits = { timeoutMs: 2000, memoryMb: 64 };

export interface JsCallResult {
  /** The call's value as JSON (undefined as `undefined`), or the error it threw. */
  value?: string;
  error?: string;
}

export type JsRunResult =
  | { status: 'ok'; expected: JsCallResult[]; calls: JsCallResult[] }
  | { status: 'load-error'; reason: string }
  | { status: 'timeout'; reason: string }
  | { status: 'memory'; reason: string };

let module: Promise<QuickJSWASMModule> | undefined;

function quickjs(): Promise<QuickJSWASMModule> {
  module ??= getQuickJS();
  return module;
}

// Walks a value with intrinsics captured before any student code, ignoring toJSON, getters on
// prototypes and replaced globals; cycles and functions are named rather than followed.
const SERIALIZER = `(() => {
  const keys = Object.keys, isArray = Array.isArray, str = JSON.stringify, getProto = Object.getPrototypeOf;
  const isNaN_ = Number.isNaN, String_ = String, ObjectProto = Object.prototype;
  const walk = (v, seen, depth) => {
    if (depth > 50) return '"<too deep>"';
    if (v === undefined) return 'undefined';
    if (v === null || typeof v === 'boolean') return String_(v);
    if (typeof v === 'number') return isNaN_(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : String_(v);
    if (typeof v === 'string') return str(v);
    if (typeof v === 'bigint') return String_(v) + 'n';
    if (typeof v === 'function') return '"<function>"';
    if (typeof v !== 'object') return '"<' + typeof v + '>"';
    if (seen.indexOf(v) >= 0) return '"<cycle>"';
    seen.push(v);
    let out;
    if (isArray(v)) {
      const parts = [];
      for (let i = 0; i < v.length; i++) parts.push(walk(v[i], seen, depth + 1));
      out = '[' + parts.join(',') + ']';
    } else {
      const proto = getProto(v);
      if (proto !== ObjectProto && proto !== null) { seen.pop(); return '"<' + typeof v + ' ' + (proto && proto.constructor && proto.constructor.name || 'object') + '>"'; }
      const parts = [];
      for (const k of keys(v).sort()) parts.push(str(k) + ':' + walk(v[k], seen, depth + 1));
      out = '{' + parts.join(',') + '}';
    }
    seen.pop();
    return out;
  };
  return (thunk) => {
    try { return 'ok:' + walk(thunk(), [], 0); }
    catch (e) { try { return 'error:' + (e && e.name ? e.name + ': ' + e.message : String_(e)); } catch { return 'error:(unprintable error)'; } }
  };
})()`;

function errorText(vm: QuickJSContext, handle: QuickJSHandle): string {
  const dumped: unknown = vm.dump(handle);
  handle.dispose();
  if (dumped && typeof dumped === 'object' && 'message' in dumped) {
    const e = dumped as { name?: string; message?: string };
    return `${e.name ?? 'Error'}: ${e.message ?? ''}`;
  }
  return String(dumped);
}

function classify(reason: string): 'timeout' | 'memory' | null {
  if (/interrupted/i.test(reason)) return 'timeout';
  if (/out of memory|string too long|array too long|invalid array length|stack overflow|Maximum call stack/i.test(reason)) return 'memory';
  return null;
}

/**
 * Evaluate `expected` expressions before any student code, then load `program` and evaluate each
 * of `calls`. Runs synchronously inside WebAssembly, bounded by the deadline.
 */
export async function runJs(
  program: string,
  calls: string[],
  expected: string[],
  limits: JsLimits = DEFAULT_JS_LIMITS,
): Promise<JsRunResult> {
  const runtime = (await quickjs()).newRuntime();
  let clean = false;
  runtime.setMemoryLimit(limits.memoryMb * 1024 * 1024);
  runtime.setMaxStackSize(128 * 1024);
  const started = Date.now();
  runtime.setInterruptHandler(shouldInterruptAfterDeadline(started + limits.timeoutMs));
  const vm = runtime.newContext();
  let serialize: QuickJSHandle | undefined;
  try {
    const made = vm.evalCode(SERIALIZER, 'harness.js');
    if (made.error) throw new Error(`the JavaScript harness failed to load: ${errorText(vm, made.error)}`);
    const harness = made.value;
    serialize = harness;
    const evaluate = (expression: string, file: string): JsCallResult | { fatal: JsRunResult } => {
      const thunk = vm.evalCode(`(() => (${expression}\n))`, file);
      if (thunk.error) {
        const reason = errorText(vm, thunk.error);
        const kind = classify(reason);
        return kind ? { fatal: { status: kind, reason: stopReason(kind, limits) } } : { error: reason };
      }
      const out = vm.callFunction(harness, vm.undefined, thunk.value);
      thunk.value.dispose();
      if (out.error) {
        const reason = errorText(vm, out.error);
        return { fatal: { status: classify(reason) ?? 'memory', reason: stopReason(classify(reason) ?? 'memory', limits) } };
      }
      const text = vm.getString(out.value);
      out.value.dispose();
      if (text.startsWith('ok:')) return { value: text.slice(3) };
      const reason = text.slice('error:'.length);
      const kind = classify(reason);
      return kind ? { fatal: { status: kind, reason: stopReason(kind, limits) } } : { error: reason };
    };
    const expectedValues: JsCallResult[] = [];
    for (const e of expected) {
      const r = evaluate(e, 'expected.js');
      if ('fatal' in r) throw new Error(`a test's expected value could not be computed: ${r.fatal.status}`);
      expectedValues.push(r);
    }
    // CommonJS output (export statements) needs `exports` and `module`; nothing else is provided.
    const loaded = vm.evalCode(`var exports = {}; var module = { exports };\n${program}`, 'solution.js');
    if (loaded.error) {
      const reason = errorText(vm, loaded.error);
      const kind = classify(reason);
      return kind ? { status: kind, reason: stopReason(kind, limits) } : { status: 'load-error', reason };
    }
    loaded.value.dispose();
    const results: JsCallResult[] = [];
    for (const call of calls) {
      const r = evaluate(call, 'test.js');
      if ('fatal' in r) return r.fatal;
      results.push(r);
    }
    clean = true;
    return { status: 'ok', expected: expectedValues, calls: results };
  } finally {
    release(clean, () => {
      if (serialize?.alive) serialize.dispose();
      vm.dispose();
      runtime.dispose();
    });
  }
}

/**
 * Free a finished runtime. One stopped by the deadline or the memory limit can hold objects
 * QuickJS cannot free, and freeing it aborts the WebAssembly instance; so it is abandoned instead,
 * with the whole instance, and the next attempt starts a fresh one (the garbage collector takes
 * the old instance's memory).
 */
function release(clean: boolean, dispose: () => void): void {
  if (clean) {
    try {
      dispose();
      return;
    } catch {
      // fall through: the instance is unusable
    }
  }
  module = undefined;
}

function stopReason(kind: 'timeout' | 'memory', limits: JsLimits): string {
  return kind === 'timeout' ? `stopped after ${limits.timeoutMs} ms` : `ran out of memory or stack (limit ${limits.memoryMb} MB)`;
}
