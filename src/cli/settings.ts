import { InvalidArgumentError } from 'commander';
import type { GenerationSettings } from '../core/types.js';
import { boundsText, inBounds, type NumberBounds } from './options.js';

/**
 * `--teacher-settings temperature=0.2,topP=0.9,maxTokens=512,stop=###|END` → GenerationSettings.
 * The seed is not settable here: the runner derives one per call from the run seed.
 */
export function generationSettings(flag: string) {
  return (value: string): GenerationSettings => {
    const out: GenerationSettings = {};
    for (const part of value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean)) {
      const eq = part.indexOf('=');
      const key = eq < 0 ? part : part.slice(0, eq).trim();
      const raw = eq < 0 ? '' : part.slice(eq + 1).trim();
      const number = (bounds: NumberBounds): number => {
        const n = Number(raw);
        // Number('') is 0, but an empty field is a mistake, not a zero.
        if (raw === '' || !inBounds(n, bounds)) {
          throw new InvalidArgumentError(`${flag}: field "${key}" must be ${boundsText(bounds)}, got "${raw}"`);
        }
        return n;
      };
      switch (key) {
        case 'temperature':
          out.temperature = number({ min: 0 });
          break;
        case 'topP':
        case 'top-p':
          out.topP = number({ min: 0 });
          break;
        case 'maxTokens':
        case 'max-tokens':
          out.maxTokens = number({ min: 1, integer: true });
          break;
        case 'stop':
          out.stop = raw.split('|').filter(Boolean);
          break;
        case 'reasoningEffort':
        case 'reasoning-effort':
          if (raw !== 'low' && raw !== 'medium' && raw !== 'high') {
            throw new InvalidArgumentError(`${flag}: field "${key}" must be low, medium or high, got "${raw}"`);
          }
          out.reasoningEffort = raw;
          break;
        case 'thinkingBudget':
        case 'thinking-budget':
          out.thinkingBudget = number({ min: 0, integer: true });
          break;
        default:
          throw new InvalidArgumentError(
            `${flag}: unknown field "${key}"; use temperature, topP, maxTokens, stop, reasoningEffort, thinkingBudget (e.g. temperature=0.2,maxTokens=512)`,
          );
      }
    }
    return out;
  };
}

/** `openai=4,anthropic=2` → per-provider call limits. */
export function providerLimits(value: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of value
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [name, n] = part.split('=').map((s) => s.trim());
    const count = Number(n);
    if (!name || !inBounds(count, { min: 1, integer: true })) {
      throw new InvalidArgumentError(`--provider-concurrency: "${part}" should look like openai=4 (a provider and an integer ≥ 1)`);
    }
    out[name] = count;
  }
  return out;
}
