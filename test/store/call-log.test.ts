import { describe, expect, it } from 'vitest';
import { type CallRecord, CallLog } from '../../src/store/call-log.js';
import { tempRunDatabase } from './fixtures.js';

function call(fields: Partial<CallRecord>): CallRecord {
  return {
    episodeId: 1,
    turnIndex: 0,
    role: 'student',
    model: 'openai:gpt-4o-mini',
    try: 0,
    status: 'ok',
    latencyMs: 12,
    inputTokens: 100,
    outputTokens: 20,
    costUsd: 0.0001,
    ...fields,
  };
}

describe('CallLog', () => {
  it('logs calls oldest first, leaving out error fields a call did not have', () => {
    const db = tempRunDatabase();
    const log = new CallLog(db);
    const failed = call({
      status: 'error',
      errorKind: 'http',
      httpStatus: 429,
      error: 'rate limited',
      inputTokens: 0,
      outputTokens: 0,
      costUsd: null,
    });
    const retried = call({ try: 1 });
    const unattached = call({ episodeId: null, turnIndex: null, role: 'judge', status: 'cached', costUsd: 0 });
    log.recordCall(failed);
    log.recordCall(retried);
    log.recordCall(unattached);
    log.recordCall(call({ episodeId: 2 }));
    expect(log.calls().slice(0, 3)).toEqual([failed, retried, unattached]);
    expect(Object.keys(log.calls()[1] ?? {})).not.toContain('errorKind');
    expect(log.calls({ episodeId: 1 })).toEqual([failed, retried]);
    expect(log.calls({ episodeId: 3 })).toEqual([]);
    db.close();
  });

  it('caches a response under its key; the first one stored stays', () => {
    const db = tempRunDatabase();
    const log = new CallLog(db);
    expect(log.cachedResponse('k')).toBeNull();
    log.cacheResponse('k', 'm', { text: 'first', inputTokens: 3, outputTokens: 1 });
    log.cacheResponse('k', 'm', { text: 'second', inputTokens: 4, outputTokens: 2 });
    expect(log.cachedResponse('k')).toEqual({ text: 'first', inputTokens: 3, outputTokens: 1 });
    expect(log.cachedResponse('other')).toBeNull();
    db.close();
  });

  it('usage by role counts every call, but tokens and cost only of the calls paid for', () => {
    const db = tempRunDatabase();
    const log = new CallLog(db);
    log.recordCall(call({ costUsd: 0.1 }));
    log.recordCall(call({ costUsd: 0.2, inputTokens: 50, outputTokens: 5 }));
    log.recordCall(call({ status: 'cached', costUsd: 0 }));
    log.recordCall(call({ status: 'error', inputTokens: 7, outputTokens: 7, costUsd: null }));
    // A teacher on a local server: no price known for any paid call.
    log.recordCall(call({ role: 'teacher', model: 'openai-compatible:local', costUsd: null }));
    log.recordCall(call({ role: 'teacher', model: 'openai-compatible:local', status: 'cached', costUsd: 0 }));
    // A judge with one priced and one unpriced call: the estimate covers the priced one.
    log.recordCall(call({ role: 'judge', costUsd: 0.000000123456 }));
    log.recordCall(call({ role: 'judge', model: 'module:judge', costUsd: null }));
    expect(log.usageByRole()).toEqual({
      judge: { calls: 2, cached: 0, failed: 0, inputTokens: 200, outputTokens: 40, estimatedCostUsd: 0.00000012, unpricedCalls: 1 },
      student: { calls: 4, cached: 1, failed: 1, inputTokens: 150, outputTokens: 25, estimatedCostUsd: 0.3, unpricedCalls: 0 },
      teacher: { calls: 2, cached: 1, failed: 0, inputTokens: 100, outputTokens: 20, estimatedCostUsd: null, unpricedCalls: 1 },
    });
    expect(Object.keys(log.usageByRole())).toEqual(['judge', 'student', 'teacher']);
    db.close();
  });

  it('usage of a run without calls is empty', () => {
    const db = tempRunDatabase();
    expect(new CallLog(db).usageByRole()).toEqual({});
    db.close();
  });
});
