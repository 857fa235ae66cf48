// The methods `didactic reproduce` compares, in the order the paper's tables list them. Each
// trained one has a recipe script (scripts/recipes/train-<name>.sh) that wrote the shipped checkpoint
// models/<name>; `base` is the starting point of all of them.

export interface Method {
  name: string;
  /** What it is, for the report's tables. */
  label: string;
  /** Recipe script, relative to scripts/, or null for the untouched starting model. */
  recipe: string | null;
  /** Trained to write the teacher's turn, so it is also evaluated with `--teacher self`. */
  selfTeacher: boolean;
}

export const METHODS: readonly Method[] = [
  { name: 'base', label: 'base (no RL)', recipe: null, selfTeacher: false },
  { name: 'sft-single', label: 'single-turn SFT (rejection sampling)', recipe: 'recipes/train-sft-single.sh', selfTeacher: false },
  { name: 'rl-single', label: 'single-turn RL', recipe: 'recipes/train-rl-single.sh', selfTeacher: false },
  { name: 'rl2f', label: 'RL²F (multi-turn RL)', recipe: 'recipes/train-rl2f.sh', selfTeacher: false },
  { name: 'rl2f-tm', label: 'RL²F + teacher modelling', recipe: 'recipes/train-rl2f-tm.sh', selfTeacher: true },
];

/** The rich (privileged) teacher and the two controls every method is evaluated under. */
export const CONDITIONS = ['scripted', 'unary', 'none'] as const;

export interface Split {
  /** `in` is the RL training domain; `out` one the training never saw. */
  kind: 'in' | 'out';
  domain: string;
  difficulty: number;
}

export const SPLITS: readonly Split[] = [
  { kind: 'in', domain: 'math', difficulty: 1 },
  { kind: 'out', domain: 'maze', difficulty: 1 },
];

/** The recipes train with K = 4 attempts; evaluation uses the same budget. */
export const TURNS = 4;

export interface Size {
  tasks: number;
}

/** Tasks per domain: `quick` fits a CI job, `full` gives intervals a few points wide. */
export const SIZES: Record<'quick' | 'full', Size> = { quick: { tasks: 50 }, full: { tasks: 500 } };
