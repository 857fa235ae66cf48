import type { Command } from 'commander';
import { UsageError } from '../core/errors.js';
import { createCommandDomain } from '../domains/command/index.js';
import { loadDomains, registerDomain } from '../domains/registry.js';
import { isModuleSpec } from '../plugins/module.js';
import { loadTeachers } from '../teachers/registry.js';

// Before any command runs, the plug-ins its flags name are brought in: every `--domain` and
// `--teacher` value of the form module:<file.js>, whatever the command. Commands then find them
// by name through getDomain and createTeacher like built-ins, so a new command gets plug-ins by
// taking those flags.

function names(value: unknown): string[] {
  if (typeof value === 'string') return value.split(',').map((n) => n.trim());
  if (Array.isArray(value)) return value.filter((n): n is string => typeof n === 'string');
  return [];
}

/** The program-wide flags of `--domain command` (see main.ts). */
interface CheckFlags {
  check?: string;
  unsafeHostCheck?: boolean;
  checkTimeout?: number;
  checkMemory?: number;
}

export async function loadPluginsFor(command: Command): Promise<void> {
  const options = command.optsWithGlobals<CheckFlags & { domain?: unknown; teacher?: unknown }>();
  // check-domain names its domain as an argument, not a flag.
  const domains = [...names(options.domain), ...(command.name() === 'check-domain' ? command.args : [])];
  if (domains.includes('command')) {
    if (!options.check) throw new UsageError("--domain command needs --check '<command>', e.g. --check 'python3 check.py'");
    registerDomain(
      createCommandDomain({
        check: options.check,
        unsafeHostCheck: options.unsafeHostCheck === true,
        limits: {
          ...(options.checkTimeout === undefined ? {} : { timeoutMs: options.checkTimeout }),
          ...(options.checkMemory === undefined ? {} : { memoryMb: options.checkMemory }),
        },
      }),
    );
  } else if (options.check !== undefined) {
    throw new UsageError('--check applies to --domain command');
  }
  await loadDomains(domains.filter(isModuleSpec));
  await loadTeachers(names(options.teacher).filter(isModuleSpec));
}
