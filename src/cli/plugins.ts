import type { Command } from 'commander';
import { loadDomains } from '../domains/registry.js';
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

export async function loadPluginsFor(command: Command): Promise<void> {
  const options = command.opts();
  await loadDomains(names(options.domain).filter(isModuleSpec));
  await loadTeachers(names(options.teacher).filter(isModuleSpec));
}
