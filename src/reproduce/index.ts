import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { StepFailedError, UsageError } from '../core/errors.js';
import { getDomain } from '../domains/registry.js';
import { compiledFile, packageFile, packageRoot } from '../package-files.js';
import { svgToPng } from '../report/png.js';
import { renderSvg } from '../report/render.js';
import { episodeOutcomes } from '../results/outcomes.js';
import { RunStore } from '../store/run-store.js';
import { reproduceSpec } from './figure.js';
import { CONDITIONS, type Method, SPLIT_NOTE, SUITES, type Suite, type SuiteName, splitName, TURNS, tasksFor } from './methods.js';
import { reproduceMarkdown } from './report.js';
import {
  compare,
  makeCell,
  type AttemptNote,
  paperComparisons,
  REPRODUCE_SCHEMA_VERSION,
  type Cell,
  type ReproduceResult,
  type TrainingRecord,
} from './results.js';

// `didactic reproduce`: (re)train the RL²F models if asked, evaluate every method in and out of
// distribution under the privileged teacher and the controls, and write the paper's tables.
// Each training recipe and each evaluation runs as its own process: the embedded tensor library
// keeps the memory of every compiled shape until its process ends, and separate `didactic eval`
// runs resume on their own when a reproduction is interrupted and started again.

export interface ReproduceOptions {
  out: string;
  /** The methods and splits to compare (default: the first reproduction's). */
  suite?: SuiteName;
  quick: boolean;
  train: boolean;
  /** Where the shipped checkpoints are (default: the package's models/). */
  models?: string;
  /** The starting model in place of models/base: what `base` is evaluated as, and with --train what the recipes start from. */
  base?: string;
  /** Only these methods (default: all). */
  methods?: string[];
  /** Override the tasks per domain of the chosen size. */
  tasks?: number;
  seed: number;
  concurrency: number;
  log: (line: string) => void;
}

const CLI = compiledFile('cli/main.js');

function run(
  command: string,
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; log: (line: string) => void },
): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    // Progress of the child goes straight to our stderr; its stdout (tables) is not needed.
    // The child leads its own process group so that a stop reaches everything under it (a recipe
    // is bash running node); a stop sent to this process alone (kill, a job scheduler) must not
    // leave training or evaluation running. What they stored survives; the next run resumes it.
    const child = spawn(command, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'ignore', 'inherit'],
      detached: true,
    });
    const forward = (signal: NodeJS.Signals): void => {
      if (child.pid !== undefined) process.kill(-child.pid, signal);
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      if (code === 0) resolvePromise();
      else if (signal)
        reject(new Error(`stopped by ${signal} (${command} ${args.join(' ')}); what was stored is kept, and the same command resumes it`));
      else reject(new StepFailedError(`${command} ${args.join(' ')} failed (exit ${code}); its error is above`, code ?? 1));
    });
  });
}

function modelDir(method: Method, options: ReproduceOptions): string {
  if (method.recipe === null) return options.base ?? packageFile('models', method.name);
  return options.train ? resolve(options.out, 'models', method.name) : resolve(options.models ?? packageFile('models'), method.name);
}

/** A path as a reader would type it: relative to here when it lies below, else absolute. */
function shownPath(dir: string): string {
  const rel = relative(process.cwd(), dir);
  return rel === '' || rel.startsWith('..') ? dir : rel;
}

/** The wall time a recipe wrote to <dir>/recipe.json, if it did. */
function recipeSeconds(dir: string): number | null {
  const file = join(dir, 'recipe.json');
  if (!existsSync(file)) return null;
  const { seconds } = JSON.parse(readFileSync(file, 'utf8')) as { seconds?: unknown };
  return typeof seconds === 'number' ? seconds : null;
}

function trainingRecord(suite: Suite, method: Method, dir: string, startChosen: boolean): TrainingRecord {
  const shown = shownPath(dir);
  const note = method.recipe
    ? `scripts/${method.recipe}`
    : startChosen
      ? 'the starting model chosen with --base'
      : `scripts/${suite.startRecipe}`;
  const rlState = join(dir, 'rl-state.json');
  const rft = join(dir, 'rft.json');
  if (existsSync(rlState)) {
    const s = JSON.parse(readFileSync(rlState, 'utf8')) as {
      step: number;
      totalGeneratedTokens: number;
      history: Array<{ rolloutSeconds: number; updateSeconds: number }>;
    };
    // The recipe's wall time where it wrote one (suite f), else the time of the RL steps themselves.
    const seconds = recipeSeconds(dir) ?? s.history.reduce((sum, h) => sum + h.rolloutSeconds + h.updateSeconds, 0);
    return { method: method.name, dir: shown, kind: 'rl', steps: s.step, generatedTokens: s.totalGeneratedTokens, seconds, note };
  }
  if (existsSync(rft)) {
    const s = JSON.parse(readFileSync(rft, 'utf8')) as { generatedTokens: number; examples: number; samplesDrawn: number };
    return {
      method: method.name,
      dir: shown,
      kind: 'rft',
      steps: null,
      generatedTokens: s.generatedTokens,
      seconds: recipeSeconds(dir),
      note: `${note} (kept ${s.examples} of ${s.samplesDrawn} samples)`,
    };
  }
  return { method: method.name, dir: shown, kind: 'base', steps: null, generatedTokens: null, seconds: null, note };
}

export async function reproduce(options: ReproduceOptions): Promise<{ result: ReproduceResult; files: string[] }> {
  const began = performance.now();
  const suite = SUITES[options.suite ?? 'first'];
  const size = suite.sizes[options.quick ? 'quick' : 'full'];
  const out = resolve(options.out);
  mkdirSync(out, { recursive: true });
  const root = packageRoot();
  const suiteNote = suite.name === 'first' ? '' : ` of suite ${suite.name}`;
  for (const name of options.methods ?? []) {
    if (!suite.methods.some((m) => m.name === name))
      throw new UsageError(
        `--methods: unknown method "${name}"; the methods${suiteNote} are ${suite.methods.map((m) => m.name).join(', ')}`,
      );
  }
  const methods = suite.methods.filter((m) => options.methods === undefined || options.methods.includes(m.name));

  if (options.train) {
    // One run per recipe, given the directories of every method it writes; a recipe that matches
    // another method's training tokens runs after that method's.
    const recipes = [...new Set(methods.flatMap((m) => (m.recipe ? [m.recipe] : [])))];
    const matchesOf = (recipe: string): string | undefined => suite.methods.find((m) => m.recipe === recipe)?.matches;
    recipes.sort((a, b) => Number(matchesOf(a) !== undefined) - Number(matchesOf(b) !== undefined));
    for (const recipe of recipes) {
      const writes = suite.methods.filter((m) => m.recipe === recipe);
      const dirs = writes.map((m) => modelDir(m, options));
      const matched = suite.methods.find((m) => m.name === matchesOf(recipe));
      options.log(
        `training ${writes.map((m) => m.name).join(' and ')} with scripts/${recipe}${options.quick ? ' (QUICK=1)' : ''} → ${dirs.join(', ')}`,
      );
      const env = {
        ...(options.quick ? { QUICK: '1' } : {}),
        ...(options.base === undefined ? {} : { BASE: options.base }),
        ...(matched ? { RL2F: modelDir(matched, options) } : {}),
      };
      await run('bash', [join(root, 'scripts', recipe), ...dirs], { cwd: root, env, log: options.log });
    }
  }
  const recipeDirs = (recipe: string): string =>
    suite.methods
      .filter((m) => m.recipe === recipe)
      .map((m) => modelDir(m, options))
      .join(' ');
  const suiteFlag = suite.name === 'first' ? '' : ` --suite ${suite.name}`;
  for (const method of methods) {
    const dir = modelDir(method, options);
    if (!existsSync(join(dir, 'model.safetensors'))) {
      throw new UsageError(
        `no model for ${method.name} at ${dir}${method.recipe ? `: train it with \`bash scripts/${method.recipe} ${recipeDirs(method.recipe)}\` or run \`didactic reproduce --train${suiteFlag}\`` : options.base === undefined ? `: build it with \`bash scripts/${suite.startRecipe}\` or choose a start with --base` : ''}`,
      );
    }
  }

  const cells: Cell[] = [];
  let resumedRuns = 0;
  const jobs = methods.flatMap((method) => suite.splits.map((split) => ({ method, split })));
  for (const [i, { method, split }] of jobs.entries()) {
    const conditions = [...CONDITIONS.filter((c) => c !== 'none'), ...(method.selfTeacher ? ['self'] : []), 'none'];
    const name = splitName(split, suite.splits);
    const runDir = join(out, 'runs', `${method.name}-${name.replace(' ', '-')}`);
    const tasks = tasksFor(split, size, options.tasks);
    if (RunStore.exists(runDir)) resumedRuns++;
    options.log(
      `[${i + 1}/${jobs.length}] ${method.name} on ${name} (${SPLIT_NOTE[split.kind]}): ${conditions.join(', ')} × ${tasks} tasks`,
    );
    await run(
      process.execPath,
      [
        CLI,
        'eval',
        '--student',
        `embedded:${modelDir(method, options)}`,
        '--domain',
        split.domain,
        '--difficulty',
        String(split.difficulty),
        '--teacher',
        conditions.join(','),
        '--turns',
        String(TURNS),
        '--tasks',
        String(tasks),
        '--seed',
        String(options.seed),
        '--concurrency',
        String(options.concurrency),
        '--out',
        runDir,
      ],
      { cwd: root, log: options.log },
    );
    const store = RunStore.open(runDir, { create: false });
    try {
      const episodes = store.episodes();
      const outcomes = episodeOutcomes(episodes, (c) => c !== 'none');
      const domain = getDomain(split.domain);
      for (const condition of conditions) {
        const attempts = new Map<string, AttemptNote[]>();
        for (const e of episodes.filter((x) => x.condition === condition)) {
          attempts.set(
            e.taskId,
            e.turns.flatMap(({ turn }) => (turn.role === 'student' ? [{ extracted: turn.extracted, summary: turn.verdict.summary }] : [])),
          );
        }
        cells.push(makeCell(method.name, split, condition, outcomes, TURNS, (a, b) => domain.sameAnswer(a, b), attempts));
      }
    } finally {
      store.close();
    }
  }

  const comparisons = paperComparisons(suite.name).flatMap((spec) => compare(spec, cells, TURNS, options.seed) ?? []);
  const result: ReproduceResult = {
    schemaVersion: REPRODUCE_SCHEMA_VERSION,
    ...(suite.name === 'first' ? {} : { suite: suite.name }),
    mode: options.quick ? 'quick' : 'full',
    trained: options.train,
    tasksPerDomain: options.tasks ?? size.tasks,
    ...(options.tasks === undefined && size.inDistribution !== undefined ? { tasksInDistribution: size.inDistribution } : {}),
    turns: TURNS,
    seed: options.seed,
    seconds: Math.round((performance.now() - began) / 100) / 10,
    resumedRuns,
    startingModel: shownPath(modelDir(suite.methods[0] as Method, options)),
    ...(options.models === undefined || options.train ? {} : { modelsFrom: shownPath(resolve(options.models)) }),
    training: methods.map((m) => trainingRecord(suite, m, modelDir(m, options), options.base !== undefined)),
    cells,
    comparisons,
  };
  const svg = await renderSvg(reproduceSpec(result));
  const files = ['reproduce.json', 'report.md', 'figure.svg', 'figure.png'].map((f) => join(out, f));
  writeFileSync(files[0] as string, `${JSON.stringify(result, null, 1)}\n`);
  writeFileSync(files[1] as string, reproduceMarkdown(result));
  writeFileSync(files[2] as string, svg);
  writeFileSync(files[3] as string, svgToPng(svg));
  return { result, files };
}
