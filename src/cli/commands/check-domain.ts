import type { Command } from 'commander';
import { contractChecks, genericWrongAttempts } from '../../domains/contract.js';
import { loadDomainPlugin } from '../../domains/plugin.js';
import { loadDomain } from '../../domains/registry.js';
import { isModuleSpec } from '../../plugins/module.js';
import { closeSharedSandbox } from '../../sandbox/index.js';
import { nonNegativeInt } from '../options.js';

/** The domain contract the test suite holds built-in domains to, run on any domain (a plug-in above all). */
export function registerCheckDomain(program: Command): void {
  program
    .command('check-domain')
    .description('run the domain contract (deterministic tasks, reference answers verify, feedback never leaks) on a domain')
    .argument('<domain>', 'module:<file.js> (a plug-in), or a built-in domain name')
    .option('--seed <seed>', 'generator seed of the checked tasks', nonNegativeInt('--seed'), 11)
    .action(async (name: string, { seed }: { seed: number }) => {
      const domain = await loadDomain(name);
      const plugin = isModuleSpec(name) ? await loadDomainPlugin(name) : undefined;
      const fixture = plugin?.wrongAttempts ?? genericWrongAttempts;
      if (!plugin?.wrongAttempts)
        process.stdout.write('(no wrongAttempts export: trying generic wrong attempts; export your own for a stronger leak check)\n');
      let failed = 0;
      try {
        for (const check of contractChecks(domain, fixture, seed)) {
          try {
            await check.run();
            process.stdout.write(`✓ ${check.name}\n`);
          } catch (error) {
            failed++;
            process.stdout.write(`✗ ${check.name}\n    ${(error as Error).message}\n`);
          }
        }
      } finally {
        await closeSharedSandbox();
      }
      process.stdout.write(failed ? `${domain.name}: ${failed} check(s) failed\n` : `${domain.name}: every check passed\n`);
      if (failed) process.exitCode = 1;
    });
}
