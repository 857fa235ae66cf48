// The methods `didactic reproduce` compares, in the order the paper's tables list them, grouped
// into suites: `first` is the first reproduction (from models/base, episode-level credit), `f` the
// second, fair one (from models/base-f, per-turn credit, matched steps and matched tokens). Each
// trained method has a recipe script under scripts/recipes/ that wrote the shipped checkpoint
// models/<name>; the untrained start is where all of a suite's recipes begin.

export interface Method {
  name: string;
  /** What it is, for the report's tables. */
  label: string;
  /**
   * Recipe script, relative to scripts/, or null for the untouched starting model. Methods that
   * share a recipe come out of one run: the recipe is given their directories in suite order.
   */
  recipe: string | null;
  /** Trained to write the teacher's turn, so it is also evaluated with `--teacher self`. */
  selfTeacher: boolean;
  /** The method whose training tokens this recipe matches: trained first, its directory passed as RL2F. */
  matches?: string;
}

/** The rich (privileged) teacher and the two controls every method is evaluated under. */
export const CONDITIONS = ['scripted', 'unary', 'none'] as const;

export interface Split {
  /** `in` is the RL training domain; `near` another family of it the RL never saw; `out` a domain the training never saw. */
  kind: 'in' | 'near' | 'out';
  domain: string;
  difficulty: number;
}

export interface Size {
  /** Tasks per split. */
  tasks: number;
  /** Tasks in distribution, where these differ. */
  inDistribution?: number;
}

export type SuiteName = 'first' | 'f';

export interface Suite {
  name: SuiteName;
  methods: readonly Method[];
  splits: readonly Split[];
  /** `quick` fits a CI job, `full` gives intervals a few points wide. */
  sizes: Record<'quick' | 'full', Size>;
  /** The recipe of the starting model, for the training table. */
  startRecipe: string;
}

export const FIRST: Suite = {
  name: 'first',
  methods: [
    { name: 'base', label: 'base (no RL)', recipe: null, selfTeacher: false },
    { name: 'sft-single', label: 'single-turn SFT (rejection sampling)', recipe: 'recipes/train-sft-single.sh', selfTeacher: false },
    { name: 'rl-single', label: 'single-turn RL', recipe: 'recipes/train-rl-single.sh', selfTeacher: false },
    { name: 'rl2f', label: 'RL²F (multi-turn RL)', recipe: 'recipes/train-rl2f.sh', selfTeacher: false },
    { name: 'rl2f-tm', label: 'RL²F + teacher modelling', recipe: 'recipes/train-rl2f-tm.sh', selfTeacher: true },
  ],
  splits: [
    { kind: 'in', domain: 'math', difficulty: 1 },
    { kind: 'out', domain: 'maze', difficulty: 1 },
  ],
  sizes: { quick: { tasks: 50 }, full: { tasks: 500 } },
  startRecipe: 'recipes/train-base.sh',
};

export const SUITE_F: Suite = {
  name: 'f',
  methods: [
    { name: 'base-f', label: 'base-f (no RL)', recipe: null, selfTeacher: false },
    {
      name: 'f-sft-single',
      label: 'single-turn SFT (rejection sampling, RL²F tokens)',
      recipe: 'recipes/f/train-sft-single.sh',
      selfTeacher: false,
      matches: 'f-rl2f',
    },
    {
      name: 'f-rl-single',
      label: 'single-turn RL, matched steps',
      recipe: 'recipes/f/train-rl-single.sh',
      selfTeacher: false,
      matches: 'f-rl2f',
    },
    {
      name: 'f-rl-single-tokens',
      label: 'single-turn RL, matched tokens',
      recipe: 'recipes/f/train-rl-single.sh',
      selfTeacher: false,
      matches: 'f-rl2f',
    },
    { name: 'f-rl2f', label: 'RL²F (multi-turn RL)', recipe: 'recipes/f/train-rl2f.sh', selfTeacher: false },
    { name: 'f-rl2f-unary', label: 'RL²F trained with the unary teacher', recipe: 'recipes/f/train-rl2f-unary.sh', selfTeacher: false },
    {
      name: 'f-rl2f-tm',
      label: 'RL²F + teacher modelling (anchored)',
      recipe: 'recipes/f/train-rl2f-tm.sh',
      selfTeacher: true,
    },
  ],
  splits: [
    { kind: 'in', domain: 'math', difficulty: 1 },
    // Another family of math problems, with the same kind of feedback, that the RL never trains on.
    { kind: 'near', domain: 'math', difficulty: 2 },
    { kind: 'out', domain: 'maze', difficulty: 1 },
  ],
  sizes: { quick: { tasks: 50 }, full: { tasks: 500, inDistribution: 1000 } },
  startRecipe: 'recipes/train-base-f.sh',
};

export const SUITES: Record<SuiteName, Suite> = { first: FIRST, f: SUITE_F };

/** The first suite's, kept under their old names. */
export const METHODS = FIRST.methods;
export const SPLITS = FIRST.splits;
export const SIZES = FIRST.sizes;

/** The suite a result was made with (results written before suites existed are the first). */
export function suiteOf(name: SuiteName | undefined): Suite {
  return SUITES[name ?? 'first'];
}

/** Tasks evaluated on a split: --tasks when given, else the size's. */
export function tasksFor(split: Split, size: Size, override?: number): number {
  return override ?? (split.kind === 'in' ? (size.inDistribution ?? size.tasks) : size.tasks);
}

/** A split's name in headings and run directories: the domain, with its difficulty when another split shares the domain. */
export function splitName(split: Split, splits: readonly Split[]): string {
  const shared = splits.some((s) => s !== split && s.domain === split.domain);
  return shared ? `${split.domain} d${split.difficulty}` : split.domain;
}

export const SPLIT_NOTE: Record<Split['kind'], string> = {
  in: 'in distribution',
  near: 'near out of distribution',
  out: 'out of distribution',
};

/** The recipes train with K = 4 attempts; evaluation uses the same budget. */
export const TURNS = 4;
