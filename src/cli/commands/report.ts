import type { Command } from 'commander';
import { writeReport } from '../../report/index.js';

export function registerReport(program: Command): void {
  program
    .command('report')
    .description('write one self-contained HTML report (figures and tables) for one or more runs')
    .argument('<runs...>', 'run directories')
    .requiredOption('--out <file.html>', 'where to write the report')
    .option('--png <file.png>', 'also write the main figure (cumulative accuracy by turn) as a PNG')
    .action(async (dirs: string[], opts: { out: string; png?: string }) => {
      const result = await writeReport(dirs, opts);
      const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;
      process.stdout.write(
        `report for ${count(result.runs.length, 'run')} (${count(result.series, 'curve')}, ${count(result.points, 'point')}) written to ${opts.out}\n`,
      );
      if (opts.png) process.stdout.write(`main figure written to ${opts.png}\n`);
    });
}
