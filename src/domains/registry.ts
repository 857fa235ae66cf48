import { UsageError } from '../core/errors.js';
import type { Domain } from '../core/types.js';
import { codeDomain } from './code/index.js';
import { mathDomain } from './math/index.js';
import { mazeDomain } from './maze/index.js';
import { wordleDomain } from './wordle/index.js';
import { countdownDomain } from './countdown/index.js';
import { arcDomain } from './arc/index.js';
import { choiceDomain } from './choice/index.js';

// Every domain is found here by name. A new domain is one folder with an index.ts exporting a
// `Domain` built with `defineDomain` (define.ts), plus one line below; test/domains/contract.test.ts
// then holds it to the guarantees every domain gives, once it supplies a wrong-attempt fixture.
const domains: Domain[] = [mathDomain, mazeDomain, wordleDomain, countdownDomain, arcDomain, codeDomain, choiceDomain];

export function getDomain(name: string): Domain {
  const domain = domains.find((d) => d.name === name);
  if (!domain) throw new UsageError(`unknown domain "${name}"; available: ${domainNames().join(', ')}`);
  return domain;
}

export function domainNames(): string[] {
  return domains.map((d) => d.name);
}
