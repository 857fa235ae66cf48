import type { Command } from 'commander';
import { markdownTable } from 'markdown-table';
import { compareRuns } from '../../results/compare.js';

const pct = (x: number): string => (x * 100).toFixed(1);
const signed = (x: number): string => `${x >= 0 ? '+' : '−'}${(Math.abs(x) * 100).toFixed(1)}`;

export function registerCompare(program: Command): void {
  program
    .command('compare')
    .description('compare two runs on the tasks they share: acc@K of each, and the paired difference with a 95% interval')
    .argument('<runA>', 'the baseline run directory')
    .argument('<runB>', 'the run compared with it')
    .option('--json', 'print the comparison as JSON')
    .action((runA: string, runB: string, { json }: { json?: boolean }) => {
      const rows = compareRuns(runA, runB);
      if (json) {
        process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        return;
      }
      const k = rows[0]?.k ?? 1;
      const header = ['domain', 'condition', 'paired tasks', `A acc@${k}`, `B acc@${k}`, 'B − A (95% CI)', 'only A', 'only B'];
      const body = rows.map((r) => [
        r.domain,
        r.condition,
        String(r.pairedTasks),
        pct(r.a),
        pct(r.b),
        `${signed(r.difference)} [${signed(r.interval95[0])}, ${signed(r.interval95[1])}]`,
        String(r.onlyA),
        String(r.onlyB),
      ]);
      process.stdout.write(
        `A = ${runA}, B = ${runB}\n${markdownTable([header, ...body], { align: ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r'] })}\n`,
      );
    });
}
