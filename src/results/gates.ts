import { UsageError } from '../core/errors.js';
import type { Summary } from './summary.js';

// CI gates on a run's results: `--fail-under scripted@3=0.6` fails the command when acc@3 of the
// scripted condition is below 0.6 in any domain.

export interface AccuracyGate {
  condition: string;
  k: number;
  min: number;
}

/** `cond@k=x[,cond@k=x…]`. */
export function parseGates(value: string): AccuracyGate[] {
  return value.split(',').map((part) => {
    const m = /^([^@=\s]+)@(\d+)=([0-9]*\.?[0-9]+)$/.exec(part.trim());
    const k = Number(m?.[2]);
    const min = Number(m?.[3]);
    if (!m || k < 1 || min > 1) {
      throw new UsageError(`--fail-under takes condition@k=accuracy (e.g. scripted@3=0.6, accuracy in [0, 1]), got "${part}"`);
    }
    return { condition: m[1] as string, k, min };
  });
}

/** A gate must name a condition of the run and a turn within its budget. */
export function checkGates(gates: AccuracyGate[], conditions: string[], turns: number): void {
  for (const g of gates) {
    if (!conditions.includes(g.condition)) {
      throw new UsageError(`--fail-under names condition "${g.condition}", which this run does not have (${conditions.join(', ')})`);
    }
    if (g.k > turns) throw new UsageError(`--fail-under ${g.condition}@${g.k}: the run has only ${turns} turns`);
  }
}

/** Every gate a summary misses, as one line each. */
export function failedGates(gates: AccuracyGate[], summary: Summary): string[] {
  const failures: string[] = [];
  for (const g of gates) {
    for (const r of summary.results.filter((e) => e.condition === g.condition)) {
      const acc = r.cumulativeAccuracy[g.k - 1] ?? 0;
      if (acc < g.min) failures.push(`${r.domain} ${g.condition}: acc@${g.k} = ${acc} is below ${g.min}`);
    }
  }
  return failures;
}
