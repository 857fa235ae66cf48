import type { Command } from 'commander';
import { PRESETS } from '../../embedded/config.js';
import { readSftFile } from '../../embedded/sft-data.js';
import { trainSft } from '../../embedded/train.js';
import { boundedNumber, embeddedModelDir, nonNegativeInt, positiveInt } from '../options.js';
import { createStepLine } from '../progress.js';
import { registerTrainRl } from './train-rl.js';

interface TrainSftFlags {
  data: string;
  preset: string;
  out: string;
  steps: number;
  batchSize: number;
  lr: number;
  warmup: number;
  seed: number;
  evalEvery: number;
  checkpointEvery: number;
  resume?: boolean;
  stopAt?: number;
  from?: string;
}

export function registerTrain(program: Command): void {
  const train = program.command('train').description('train the embedded model');
  registerTrainRl(train);
  train
    .command('sft')
    .description('supervised training on chat JSONL (OpenAI `messages`; loss only on assistant messages not marked "train": false)')
    .requiredOption('--data <file>', 'chat JSONL file')
    .option('--preset <name>', `model size for a new model (${Object.keys(PRESETS).join(', ')})`, 'small')
    .option('--from <spec>', 'fine-tune this model (embedded:<name|path>: its tokenizer, size and weights) instead of training a new one')
    .requiredOption('--out <dir>', 'model directory to write (config.json, model.safetensors, loss-curve.svg, …)')
    .option('--steps <n>', 'optimizer steps', positiveInt('--steps'), 2000)
    .option('--batch-size <n>', 'sequences per step', positiveInt('--batch-size'), 32)
    .option('--lr <rate>', 'peak learning rate', boundedNumber('--lr', { above: 0 }, { usage: true }), 3e-3)
    .option('--warmup <n>', 'warm-up steps', nonNegativeInt('--warmup'), 100)
    .option('--seed <seed>', 'initialisation and shuffling seed', nonNegativeInt('--seed'), 1)
    .option('--eval-every <n>', 'steps between held-out losses', positiveInt('--eval-every'), 100)
    .option('--checkpoint-every <n>', 'steps between checkpoints', positiveInt('--checkpoint-every'), 100)
    .option('--resume', 'continue from the checkpoint in --out')
    .option(
      '--stop-at <step>',
      'stop (with a checkpoint) at this step, keeping the --steps schedule for a later --resume',
      positiveInt('--stop-at'),
    )
    .action(async (opts: TrainSftFlags) => {
      const examples = readSftFile(opts.data);
      const stepLine = createStepLine();
      const result = await trainSft({
        examples,
        out: opts.out,
        preset: opts.preset,
        steps: opts.steps,
        batchSize: opts.batchSize,
        lr: opts.lr,
        warmup: opts.warmup,
        seed: opts.seed,
        heldOutShare: 0.02,
        evalEvery: opts.evalEvery,
        checkpointEvery: opts.checkpointEvery,
        resume: opts.resume === true,
        ...(opts.stopAt === undefined ? {} : { stopAt: opts.stopAt }),
        ...(opts.from === undefined ? {} : { init: embeddedModelDir('--from', opts.from) }),
        log: (line) => process.stderr.write(`${line}\n`),
        onProgress: ({ step, steps, loss, tokensPerSecond, heldOut }) =>
          stepLine.update(
            step / steps,
            `step ${step}/${steps} | loss ${loss.toFixed(4)}${heldOut === undefined ? '' : ` | held-out ${heldOut.toFixed(4)}`} | ${Math.round(tokensPerSecond)} tokens/s`,
            step === steps,
          ),
      });
      stepLine.stop();
      process.stdout.write(
        `trained ${result.steps} steps in ${result.seconds.toFixed(0)} s; ${result.parameters.toLocaleString('en-US')} parameters; ` +
          `train loss ${result.finalLoss.toFixed(4)}${result.heldOutLoss === null ? '' : `, held-out loss ${result.heldOutLoss.toFixed(4)}`}; saved to ${opts.out}\n`,
      );
    });
}
