import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { UsageError } from '../../core/errors.js';
import { getDomain } from '../../domains/registry.js';
import { EmbeddedModel } from '../../embedded/model.js';
import { trainSft } from '../../embedded/train.js';
import { rejectionSample } from '../../rl/rft.js';
import { trainRl } from '../../rl/trainer.js';
import { createModel } from '../../models/registry.js';
import type { ChatModel, Teacher } from '../../core/types.js';
import { FEEDBACK_STYLES, prepareModelTeachers, type FeedbackStyle, type ModelTeachers } from '../../teachers/llm/index.js';
import { BUILT_IN_TEACHERS, createTeacher } from '../../teachers/registry.js';
import { embeddedModelDir, nonNegativeInt, positiveInt } from '../options.js';
import { createProgress } from '../progress.js';

// `train rl` (GRPO over whole didactic episodes; `--turns 1` is single-turn RL) and `train rft`
// (single-turn SFT on the model's own correct answers). Both print the student tokens they
// sampled, so two recipes can be run at the same generation budget (`--token-budget`).

function number(name: string, check: (n: number) => boolean, what: string) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isFinite(n) || !check(n)) throw new InvalidArgumentError(`${name} must be ${what}, got "${value}"`);
    return n;
  };
}

function bar(done: number): string {
  const width = 30;
  const filled = Math.round(Math.min(1, done) * width);
  return `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}]`;
}

interface RlFlags {
  student: string;
  domain: string;
  difficulty?: number;
  teacher: string;
  turns: number;
  group: number;
  tasksPerStep: number;
  steps: number;
  lr: number;
  warmup: number;
  gamma: number;
  stdNormalize?: boolean;
  kl: number;
  teacherModelling: number;
  maxTokens: number;
  seed: number;
  checkpointEvery: number;
  tokenBudget?: number;
  stopAt?: number;
  feedback: FeedbackStyle;
  out: string;
  resume?: boolean;
}

interface RftFlags {
  student: string;
  domain: string;
  difficulty?: number;
  tasks: number;
  samples: number;
  maxTokens: number;
  tokenBudget?: number;
  steps: number;
  batchSize: number;
  lr: number;
  warmup: number;
  seed: number;
  out: string;
  resume?: boolean;
}

export function registerTrainRl(train: Command): void {
  train
    .command('rl')
    .description("RL over whole didactic episodes (GRPO): G episodes per task, reward γ^(turn−1) if solved, loss on the student's tokens")
    .requiredOption('--student <spec>', 'starting model, embedded:<name|path>')
    .requiredOption('--domain <name>', 'task domain')
    .option('--difficulty <n>', 'generator difficulty', positiveInt('--difficulty'))
    .option(
      '--teacher <name>',
      `feedback during rollouts: ${BUILT_IN_TEACHERS.join(', ')}, self (the policy critiques itself) or llm:<spec>`,
      'scripted',
    )
    .option('--feedback <style>', `llm teacher feedback style: ${FEEDBACK_STYLES.join(', ')}`, 'both')
    .option('--turns <K>', 'turn budget per episode (1 = single-turn RL)', positiveInt('--turns'), 4)
    .option('--group <G>', 'episodes per task', positiveInt('--group'), 8)
    .option('--tasks-per-step <B>', 'tasks per step', positiveInt('--tasks-per-step'), 4)
    .option('--steps <n>', 'optimizer steps', positiveInt('--steps'), 100)
    .option(
      '--lr <rate>',
      'learning rate (constant after warm-up)',
      number('--lr', (n) => n > 0, 'a positive number'),
      1e-4,
    )
    .option('--warmup <n>', 'warm-up steps', nonNegativeInt('--warmup'), 0)
    .option(
      '--gamma <γ>',
      'reward discount per extra turn',
      number('--gamma', (n) => n > 0 && n <= 1, 'in (0, 1]'),
      0.7,
    )
    .option('--std-normalize', 'divide advantages by the group standard deviation')
    .option(
      '--kl <β>',
      'KL penalty to the starting policy',
      number('--kl', (n) => n >= 0, 'a number ≥ 0'),
      0,
    )
    .option(
      '--teacher-modelling <λ>',
      'also learn the teacher turns with this weight',
      number('--teacher-modelling', (n) => n >= 0, 'a number ≥ 0'),
      0,
    )
    .option('--max-tokens <n>', 'most tokens per attempt', positiveInt('--max-tokens'), 48)
    .option('--seed <seed>', 'task and sampling seed', nonNegativeInt('--seed'), 1)
    .option('--checkpoint-every <n>', 'steps between checkpoints', positiveInt('--checkpoint-every'), 10)
    .option('--token-budget <n>', 'stop once this many student tokens have been sampled', positiveInt('--token-budget'))
    .option('--stop-at <step>', 'stop after this step but keep the schedule of --steps (continue with --resume)', positiveInt('--stop-at'))
    .requiredOption('--out <dir>', 'model directory to write (model, rl-log.jsonl, rl-curves.svg, rl-state.json)')
    .option('--resume', 'continue the run in --out (weights, optimizer moments, step)')
    .action(async (f: RlFlags) => {
      const domain = getDomain(f.domain);
      // Built-in teachers are ready now; `self` and `llm:` need model clients, opened (and keys
      // checked) before training starts, with `self` bound to the policy once it is loaded.
      let modelTeachers: ModelTeachers | undefined;
      const teacher: Teacher | ((policy: ChatModel) => Promise<Teacher>) = BUILT_IN_TEACHERS.includes(f.teacher)
        ? createTeacher(f.teacher)
        : async (policy) => {
            if (!FEEDBACK_STYLES.includes(f.feedback))
              throw new UsageError(`--feedback must be one of ${FEEDBACK_STYLES.join(', ')}, got "${f.feedback}"`);
            if (f.teacher !== 'self' && !f.teacher.startsWith('llm:'))
              throw new UsageError(`unknown --teacher "${f.teacher}": use ${BUILT_IN_TEACHERS.join(', ')}, self or llm:<spec>`);
            // Rollouts must be fresh draws, so teacher calls go straight to the model (no response cache).
            modelTeachers = await prepareModelTeachers([f.teacher], {
              studentSpec: 'embedded:policy',
              student: policy,
              createModel,
              wrap: (m) => m,
              feedback: f.feedback,
            });
            return createTeacher(f.teacher, { resolveExtension: modelTeachers.resolveExtension });
          };
      const stderr = process.stderr;
      let lastLine = 0;
      const result = await trainRl({
        from: embeddedModelDir('--student', f.student),
        out: f.out,
        domain,
        ...(f.difficulty === undefined ? {} : { difficulty: f.difficulty }),
        teacher,
        turns: f.turns,
        group: f.group,
        tasksPerStep: f.tasksPerStep,
        steps: f.steps,
        lr: f.lr,
        warmup: f.warmup,
        gamma: f.gamma,
        stdNormalize: f.stdNormalize === true,
        kl: f.kl,
        teacherModelling: f.teacherModelling,
        maxTokens: f.maxTokens,
        seed: f.seed,
        checkpointEvery: f.checkpointEvery,
        ...(f.tokenBudget === undefined ? {} : { tokenBudget: f.tokenBudget }),
        ...(f.stopAt === undefined ? {} : { stopAt: f.stopAt }),
        resume: f.resume === true,
        log: (line) => stderr.write(`${line}\n`),
        onStep: (m, steps) => {
          const acc = m.accAt.map((a, k) => `@${k + 1} ${(a * 100).toFixed(0)}%`).join(' ');
          // With a token budget the run usually ends on the budget, not on --steps: show how much of it is spent.
          const budget =
            f.tokenBudget === undefined
              ? ''
              : ` | ${Math.min(100, (100 * m.totalGeneratedTokens) / f.tokenBudget).toFixed(0)}% of the token budget`;
          const done = f.tokenBudget === undefined ? m.step / steps : Math.max(m.step / steps, m.totalGeneratedTokens / f.tokenBudget);
          const text = `${bar(done)} step ${m.step}/${steps}${budget} | reward ${m.reward.toFixed(3)} | acc ${acc} | ${m.responseTokens.toFixed(1)} tok/attempt | KL ${m.kl.toFixed(4)} | rollout ${m.rolloutSeconds.toFixed(1)} s, update ${m.updateSeconds.toFixed(1)} s`;
          if (stderr.isTTY) stderr.write(`\r${text}`);
          else if (Date.now() - lastLine > 15_000 || m.step === steps || m.step === 1) {
            stderr.write(`${text}\n`);
            lastLine = Date.now();
          }
        },
      });
      if (stderr.isTTY) stderr.write('\n');
      await modelTeachers?.close();
      const last = result.history.at(-1);
      process.stdout.write(
        `trained ${result.steps} RL steps in ${result.seconds.toFixed(0)} s${result.stoppedBy === 'token-budget' ? ' (token budget reached)' : result.stoppedBy === 'stop-at' ? ` (stopped at --stop-at; --resume continues to step ${f.steps})` : ''}; ` +
          `${result.totalGeneratedTokens.toLocaleString('en-US')} student tokens generated; ` +
          `last reward ${last ? last.reward.toFixed(3) : 'n/a'}; saved to ${f.out} (rl-log.jsonl, rl-curves.svg)\n`,
      );
    });

  train
    .command('rft')
    .description("single-turn SFT on the model's own correct answers (rejection sampling), the single-turn baseline")
    .requiredOption('--student <spec>', 'starting model, embedded:<name|path>')
    .requiredOption('--domain <name>', 'task domain')
    .option('--difficulty <n>', 'generator difficulty', positiveInt('--difficulty'))
    .option('--tasks <n>', 'tasks to sample', positiveInt('--tasks'), 512)
    .option('--samples <k>', 'samples per task', positiveInt('--samples'), 8)
    .option('--max-tokens <n>', 'most tokens per sample', positiveInt('--max-tokens'), 48)
    .option('--token-budget <n>', 'stop sampling once this many tokens have been generated', positiveInt('--token-budget'))
    .option('--steps <n>', 'SFT steps on the kept answers', positiveInt('--steps'), 200)
    .option('--batch-size <n>', 'sequences per SFT step', positiveInt('--batch-size'), 16)
    .option(
      '--lr <rate>',
      'peak SFT learning rate',
      number('--lr', (n) => n > 0, 'a positive number'),
      3e-4,
    )
    .option('--warmup <n>', 'warm-up steps', nonNegativeInt('--warmup'), 10)
    .option('--seed <seed>', 'task and sampling seed', nonNegativeInt('--seed'), 1)
    .requiredOption('--out <dir>', 'model directory to write')
    .option('--resume', 'continue the SFT in --out')
    .action(async (f: RftFlags) => {
      const from = embeddedModelDir('--student', f.student);
      const domain = getDomain(f.domain);
      const model = await EmbeddedModel.load(from);
      const progress = createProgress('sampling');
      const sampled = await rejectionSample({
        model,
        domain,
        ...(f.difficulty === undefined ? {} : { difficulty: f.difficulty }),
        tasks: f.tasks,
        samples: f.samples,
        maxTokens: f.maxTokens,
        seed: f.seed,
        ...(f.tokenBudget === undefined ? {} : { tokenBudget: f.tokenBudget }),
        onProgress: (done, total) => progress.update(done, total),
      });
      progress.stop();
      model.dispose();
      process.stderr.write(
        `sampled ${sampled.samplesDrawn} answers to ${sampled.tasksSampled} tasks (${sampled.generatedTokens.toLocaleString('en-US')} tokens${sampled.stoppedBy === 'token-budget' ? ', token budget reached' : ''}); kept ${sampled.examples.length} correct\n`,
      );
      if (sampled.examples.length < f.batchSize)
        throw new UsageError(
          `only ${sampled.examples.length} correct answers were sampled, fewer than --batch-size ${f.batchSize}; sample more tasks or lower --batch-size`,
        );
      const result = await trainSft({
        examples: sampled.examples,
        init: from,
        out: f.out,
        preset: 'small',
        steps: f.steps,
        batchSize: f.batchSize,
        lr: f.lr,
        warmup: f.warmup,
        seed: f.seed,
        heldOutShare: 0,
        evalEvery: f.steps,
        checkpointEvery: Math.max(1, Math.floor(f.steps / 4)),
        resume: f.resume === true,
        log: (line) => process.stderr.write(`${line}\n`),
      });
      writeFileSync(
        join(f.out, 'rft.json'),
        `${JSON.stringify({ from, domain: f.domain, difficulty: f.difficulty ?? null, ...sampled, examples: sampled.examples.length }, null, 1)}\n`,
      );
      process.stdout.write(
        `kept ${sampled.examples.length} of ${sampled.samplesDrawn} samples; ${sampled.generatedTokens.toLocaleString('en-US')} tokens generated; ` +
          `fine-tuned ${result.steps} steps in ${result.seconds.toFixed(0)} s, loss ${result.finalLoss.toFixed(4)}; saved to ${f.out}\n`,
      );
    });
}
