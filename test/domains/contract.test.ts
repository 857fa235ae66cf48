import { afterAll, describe, expect, it } from 'vitest';
import { contractChecks } from '../../src/domains/contract.js';
import { domainNames, getDomain } from '../../src/domains/registry.js';
import { chooseSandbox, closeSharedSandbox } from '../../src/sandbox/index.js';
import { wrongAttemptFixtures } from './wrong-attempts.js';

// The guarantees every registered domain gives, checked by looping over the registry: a new
// domain gets them by being registered and supplying wrong attempts in wrong-attempts.ts. The
// checks themselves live in src/domains/contract.ts, where `didactic check-domain` runs them on
// a user's plug-in. Domain-specific behaviour is tested in <domain>.test.ts next to this file.

// Code verification runs Python: one warm Pyodide worker serves every code case in this file.
chooseSandbox('pyodide', { workers: 1 });
afterAll(closeSharedSandbox);

describe.each(domainNames())('domain %s', (name) => {
  const fixture = wrongAttemptFixtures[name];

  it('supplies a wrong-attempt fixture', () => {
    expect(fixture, `add a fixture for "${name}" to test/domains/wrong-attempts.ts`).toBeDefined();
  });

  it('is registered under its own name', () => {
    expect(getDomain(name).name).toBe(name);
  });

  if (!fixture) return;
  for (const check of contractChecks(getDomain(name), fixture)) {
    it(check.name, () => check.run());
  }
});
