import { UsageError } from '../core/errors.js';
import type { Domain } from '../core/types.js';
import { importModuleSpec, missingMembers } from '../plugins/module.js';
import type { WrongAttemptFixture } from './contract.js';

// A domain from outside the repository: `--domain module:./my-domain.js`. The module's default
// export (or its `domain` export) is a Domain, ideally built with defineDomain; an optional
// `wrongAttempts` export is the fixture `didactic check-domain` tries its feedback on.

export interface DomainPlugin {
  domain: Domain;
  wrongAttempts?: WrongAttemptFixture;
}

const DOMAIN_MEMBERS = {
  name: 'string',
  description: 'string',
  difficulties: 'number[]',
  defaultDifficulty: 'number',
  systemPrompt: 'string',
  generate: 'function',
  parseRecord: 'function',
  extract: 'function',
  verify: 'function',
  sameAnswer: 'function',
  scriptedFeedback: 'function',
  leaks: 'function',
} as const;

export async function loadDomainPlugin(spec: string): Promise<DomainPlugin> {
  const { file, exports } = await importModuleSpec(spec, 'domain');
  const domain = exports.default ?? exports.domain;
  if (domain === undefined) throw new UsageError(`${file}: exports no domain (export default defineDomain({ … }))`);
  const missing = missingMembers(domain, DOMAIN_MEMBERS);
  if (missing.length) throw new UsageError(`${file}: the exported domain is missing or mistypes: ${missing.join(', ')}`);
  const checked = domain as Domain;
  if (!checked.difficulties.includes(checked.defaultDifficulty)) {
    throw new UsageError(
      `${file}: defaultDifficulty ${checked.defaultDifficulty} is not one of difficulties (${checked.difficulties.join(', ')})`,
    );
  }
  const fixture = exports.wrongAttempts;
  if (fixture !== undefined) {
    const bad = missingMembers(fixture, { attempts: 'function' });
    if (bad.length) throw new UsageError(`${file}: the wrongAttempts export is missing ${bad.join(', ')}`);
  }
  return { domain: checked, ...(fixture ? { wrongAttempts: fixture as WrongAttemptFixture } : {}) };
}
