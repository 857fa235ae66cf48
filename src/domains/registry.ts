import { UsageError } from '../core/errors.js';
import type { Domain } from '../core/types.js';
import { isModuleSpec } from '../plugins/module.js';
import { arcDomain } from './arc/index.js';
import { codeDomain } from './code/index.js';
import { codeTsDomain } from './code-ts/index.js';
import { countdownDomain } from './countdown/index.js';
import { mathDomain } from './math/index.js';
import { mazeDomain } from './maze/index.js';
import { loadDomainPlugin } from './plugin.js';
import { wordleDomain } from './wordle/index.js';
import { choiceDomain } from './choice/index.js';

// Every domain is found here by name. A new domain is one folder with an index.ts exporting a
// `Domain` built with `defineDomain` (define.ts), plus one line below; test/domains/contract.test.ts
// then holds it to the guarantees every domain gives, once it supplies a wrong-attempt fixture.
const domains: Domain[] = [mathDomain, mazeDomain, wordleDomain, countdownDomain, arcDomain, codeDomain, choiceDomain, codeTsDomain];

// Domains from outside the repository (`module:<file.js>`) and domains built from flags
// (`command`). Importing a module is asynchronous, so `loadDomain` brings one in once (the CLI
// does it for every `--domain` before a command runs) and `getDomain` then finds it by the name
// it was asked for and by its own name.
const loaded = new Map<string, Domain>();

export function getDomain(name: string): Domain {
  const domain = domains.find((d) => d.name === name) ?? loaded.get(name);
  if (domain) return domain;
  if (name === 'command')
    throw new UsageError("--domain command needs --check '<command>' (or registerDomain(createCommandDomain(…)) in code)");
  if (isModuleSpec(name)) throw new UsageError(`domain "${name}" is not loaded yet: await loadDomain("${name}") first`);
  throw new UsageError(`unknown domain "${name}"; available: ${domainNames().join(', ')}, or module:<file.js>`);
}

/** The domain named, importing a `module:<file.js>` plug-in (checked against the Domain contract) on first use. */
export async function loadDomain(name: string): Promise<Domain> {
  const known = domains.find((d) => d.name === name) ?? loaded.get(name);
  if (known) return known;
  if (!isModuleSpec(name)) return getDomain(name);
  const { domain } = await loadDomainPlugin(name);
  const clash = domains.find((d) => d.name === domain.name);
  if (clash) throw new UsageError(`${name}: the plug-in is named "${domain.name}", which a built-in domain already is; rename it`);
  registerDomain(domain, name);
  return domain;
}

export async function loadDomains(names: readonly string[]): Promise<Domain[]> {
  const found: Domain[] = [];
  for (const name of names) found.push(await loadDomain(name));
  return found;
}

/** Make a domain built outside this file findable under its own name (and an alias, such as the spec it was loaded from). */
export function registerDomain(domain: Domain, alias?: string): void {
  loaded.set(domain.name, domain);
  if (alias !== undefined) loaded.set(alias, domain);
}

/** The built-in domains' names (plug-ins are not listed). */
export function domainNames(): string[] {
  return domains.map((d) => d.name);
}
