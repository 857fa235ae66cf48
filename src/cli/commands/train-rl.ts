import { type Command, Option } from 'commander';
import { getDomain } from '../../domains/registry.js';
import { CREDITS } from '../../rl/credit.js';
import { DENOMINATORS } from '../../rl/loss.js';
import { trainRft, type RftOptions } from '../../rl/rft.js';
import { trainRlRecipe, type RlRecipeOptions } from '../../rl/recipe.js';
import { FEEDBACK_STYLES } from '../../teachers/llm/index.js';
import { BUILT_IN_TEACHERS } from '../../teachers/registry.js';
import { boundedNumber, embeddedModelDir, nonNegativeInt, positiveInt } from '../options.js';
import { createProgress, createStepLine } from '../progress.js';

// `train rl` (GRPO over whole didactic episodes; `--turns 1` is single-turn RL) and `train rft`
// (single-turn SFT on the model's own correct answers). Both print the student tokens they
// sampled, so two recipes can be run at the same generation budget (`--token-budget`).

/** As typed: the student is still a spec, the domain a name, and the switches may be absent. */
type RlFlags = Omit<RlRecipeOptions, 'from' | 'domain' | 'stdNormalize' | 'resume' | 'microBatch' | 'onStep' | 'log'> & {
  student: string;
  domain: string;
  stdNormalize?: boolean;
  resume?: boolean;
};

type RftFlags = Omit<RftOptions, 'from' | 'resume' | 'onProgress' | 'onSampled' | 'log'> & { student: string; resume?: boolean };

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
    .option('--lr <rate>', 'learning rate (constant after warm-up)', boundedNumber('--lr', { above: 0 }), 1e-4)
    .option('--warmup <n>', 'warm-up steps', nonNegativeInt('--warmup'), 0)
    .option('--gamma <γ>', 'reward discount per extra turn', boundedNumber('--gamma', { above: 0, max: 1 }), 0.7)
    .option('--std-normalize', 'divide advantages by the group standard deviation')
    .addOption(
      new Option(
        '--credit <how>',
        'turn: each attempt against the group members that reached it; episode: every attempt gets the episode advantage',
      )
        .choices(CREDITS)
        .default('turn'),
    )
    .addOption(
      new Option('--denominator <how>', 'attempts: every attempt counts once; tokens: a token mean over the step')
        .choices(DENOMINATORS)
        .default('attempts'),
    )
    .option(
      '--direction-reward <ρ>',
      'reward ρ·γ^(turn−1) for a wrong attempt that moved the way the verdict before it pointed (too low → higher; maze: keep the moves before the failing one and change it); 0 = outcome only',
      boundedNumber('--direction-reward', { min: 0, max: 1 }),
      0,
    )
    .option('--kl <β>', 'KL penalty to the starting policy', boundedNumber('--kl', { min: 0 }), 0)
    .option('--teacher-modelling <λ>', 'also learn the teacher turns with this weight', boundedNumber('--teacher-modelling', { min: 0 }), 0)
    .option(
      '--teacher-kl <β_T>',
      "anchor the teacher tokens' log-probabilities to the starting model's (needs --teacher-modelling)",
      boundedNumber('--teacher-kl', { min: 0 }),
      0,
    )
    .option('--max-tokens <n>', 'most tokens per attempt', positiveInt('--max-tokens'), 48)
    .option('--seed <seed>', 'task and sampling seed', nonNegativeInt('--seed'), 1)
    .option('--checkpoint-every <n>', 'steps between checkpoints', positiveInt('--checkpoint-every'), 10)
    .option('--token-budget <n>', 'stop once this many student tokens have been sampled', positiveInt('--token-budget'))
    .option('--stop-at <step>', 'stop after this step but keep the schedule of --steps (continue with --resume)', positiveInt('--stop-at'))
    .requiredOption('--out <dir>', 'model directory to write (model, rl-log.jsonl, rl-curves.svg, rl-state.json)')
    .option('--resume', 'continue the run in --out (weights, optimizer moments, step)')
    .action(async ({ student, domain, stdNormalize, resume, ...flags }: RlFlags) => {
      const stepLine = createStepLine();
      const result = await trainRlRecipe({
        ...flags,
        domain: getDomain(domain),
        from: embeddedModelDir('--student', student),
        stdNormalize: stdNormalize === true,
        resume: resume === true,
        log: (line) => process.stderr.write(`${line}\n`),
        onStep: (m, steps) => {
          const acc = m.accAt.map((a, k) => `@${k + 1} ${(a * 100).toFixed(0)}%`).join(' ');
          // With a token budget the run usually ends on the budget, not on --steps: show how much of it is spent.
          const budget =
            flags.tokenBudget === undefined
              ? ''
              : ` | ${Math.min(100, (100 * m.totalGeneratedTokens) / flags.tokenBudget).toFixed(0)}% of the token budget`;
          const done =
            flags.tokenBudget === undefined ? m.step / steps : Math.max(m.step / steps, m.totalGeneratedTokens / flags.tokenBudget);
          // With teacher modelling, how far the teacher's text has drifted from the start.
          const teacher = m.teacherLogRatio === undefined ? '' : ` | teacher log-ratio ${m.teacherLogRatio.toFixed(3)}`;
          stepLine.update(
            done,
            `step ${m.step}/${steps}${budget} | reward ${m.reward.toFixed(3)} | acc ${acc} | ${m.responseTokens.toFixed(1)} tok/attempt | KL ${m.kl.toFixed(4)}${teacher} | rollout ${m.rolloutSeconds.toFixed(1)} s, update ${m.updateSeconds.toFixed(1)} s`,
            m.step === steps,
          );
        },
      });
      stepLine.stop();
      const last = result.history.at(-1);
      process.stdout.write(
        `trained ${result.steps} RL steps in ${result.seconds.toFixed(0)} s${result.stoppedBy === 'token-budget' ? ' (token budget reached)' : result.stoppedBy === 'stop-at' ? ` (stopped at --stop-at; --resume continues to step ${flags.steps})` : ''}; ` +
          `${result.totalGeneratedTokens.toLocaleString('en-US')} student tokens generated; ` +
          `last reward ${last ? last.reward.toFixed(3) : 'n/a'}; saved to ${flags.out} (rl-log.jsonl, rl-curves.svg)\n`,
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
    .option('--lr <rate>', 'peak SFT learning rate', boundedNumber('--lr', { above: 0 }), 3e-4)
    .option('--warmup <n>', 'warm-up steps', nonNegativeInt('--warmup'), 10)
    .option(
      '--lr-floor <share>',
      "the learning rate's floor after the cosine decay, as a share of the peak (1 = constant after warm-up, as train rl)",
      boundedNumber('--lr-floor', { above: 0, max: 1 }),
      0.1,
    )
    .option('--seed <seed>', 'task and sampling seed', nonNegativeInt('--seed'), 1)
    .requiredOption('--out <dir>', 'model directory to write')
    .option(
      '--resume',
      'continue in --out: the sampling after its last whole batch (rft-samples.jsonl), then the SFT from its last checkpoint',
    )
    .action(async ({ student, resume, ...flags }: RftFlags) => {
      const progress = createProgress('sampling');
      const { record, sft } = await trainRft({
        ...flags,
        from: embeddedModelDir('--student', student),
        resume: resume === true,
        onProgress: (done, total) => progress.update(done, total),
        onSampled: (sampled) => {
          progress.stop();
          process.stderr.write(
            `sampled ${sampled.samplesDrawn} answers to ${sampled.tasksSampled} tasks (${sampled.generatedTokens.toLocaleString('en-US')} tokens${sampled.stoppedBy === 'token-budget' ? ', token budget reached' : ''}); kept ${sampled.examples.length} correct\n`,
          );
        },
        log: (line) => process.stderr.write(`${line}\n`),
      });
      process.stdout.write(
        `kept ${record.examples} of ${record.samplesDrawn} samples; ${record.generatedTokens.toLocaleString('en-US')} tokens generated; ` +
          `fine-tuned ${sft.steps} steps in ${sft.seconds.toFixed(0)} s, loss ${sft.finalLoss.toFixed(4)}; saved to ${flags.out}\n`,
      );
    });
}
