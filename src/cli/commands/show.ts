import type { Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { RunStore } from '../../store/run-store.js';
import { positiveInt } from '../options.js';

export function registerShow(program: Command): void {
  program
    .command('show')
    .description('print the transcripts of a run, with verdicts')
    .argument('<run>', 'run directory')
    .option('--episode <id>', 'only this episode', positiveInt('--episode'))
    .option('--limit <n>', 'at most this many episodes', positiveInt('--limit'), 20)
    .action((dir: string, opts: { episode?: number; limit: number }) => {
      const store = RunStore.open(dir, { create: false });
      try {
        const episodes = store.episodes(opts.episode === undefined ? {} : { id: opts.episode });
        if (opts.episode !== undefined && episodes.length === 0) throw new UsageError(`no episode ${opts.episode} in ${dir}`);
        const tasks = new Map(store.tasks().map((t) => [`${t.domain}/${t.id}`, t]));
        for (const e of episodes.slice(0, opts.episode === undefined ? opts.limit : 1)) {
          const task = tasks.get(`${e.domain}/${e.taskId}`);
          const outcome =
            e.status === 'errored' ? `ERRORED: ${e.error}` : e.solvedAt ? `solved at attempt ${e.solvedAt}` : `not solved in ${e.attempts}`;
          process.stdout.write(`━━ episode ${e.id} · ${e.domain} · ${e.condition} · ${e.taskId} · ${outcome}\n`);
          if (task) {
            process.stdout.write(`[task] ${task.prompt.replace(/\n/g, '\n       ')}\n`);
            process.stdout.write(`[hidden] answer: ${task.privileged.answer}\n`);
          }
          const failedCalls = store.calls({ episodeId: e.id }).filter((c) => c.status === 'error');
          const showFailed = (index: number): void => {
            for (const c of failedCalls.filter((f) => f.turnIndex === index)) {
              process.stdout.write(`   ✗ ${c.role} call, try ${c.try + 1}, failed: ${c.error ?? c.errorKind ?? 'error'}\n`);
            }
          };
          for (const { index, turn } of e.turns) {
            showFailed(index);
            if (turn.role === 'student') {
              process.stdout.write(`[student #${turn.attempt}] ${turn.text.trim().replace(/\n/g, '\n             ')}\n`);
              process.stdout.write(
                `   → extracted ${turn.extracted ?? '(none)'} · ${turn.correct ? 'CORRECT' : `wrong: ${turn.verdict.summary}`}\n`,
              );
            } else {
              const guard = turn.blocked.length
                ? ` (leak guard blocked ${turn.blocked.length}${turn.fallback ? ', fallback used' : ''})`
                : '';
              turn.blocked.forEach((text, i) => {
                process.stdout.write(`   ⊘ blocked by ${turn.blockedBy?.[i] ?? 'leak check'}: ${text.replace(/\n/g, ' ')}\n`);
              });
              process.stdout.write(`[teacher:${turn.teacher}] ${turn.text}${guard}\n`);
            }
          }
          showFailed(e.turns.length);
          process.stdout.write('\n');
        }
        if (opts.episode === undefined && episodes.length > opts.limit) {
          process.stdout.write(`… ${episodes.length - opts.limit} more episodes (use --limit or --episode <id>)\n`);
        }
      } finally {
        store.close();
      }
    });
}
