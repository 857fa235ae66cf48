/** Where a bad input was found: enough for a user to open the file at the right line. */
export interface InputLocation {
  file: string;
  /** 1-based line number, when the input is line-oriented (or the row, with `unit: 'row'`). */
  line?: number;
  /** `row` for inputs without lines (a Parquet file's rows); the number is then a row number. */
  unit?: 'line' | 'row';
  field?: string;
}

/**
 * A task file (or a task given on the command line) that does not fit any supported format.
 * The message always names the file, the line and the field.
 */
export class TaskFormatError extends Error {
  readonly location: InputLocation;
  constructor(location: InputLocation, problem: string) {
    // `file:12:` is the form editors and terminals turn into a link to the line.
    const at = location.line === undefined ? undefined : location.unit === 'row' ? `row ${location.line}` : String(location.line);
    const where = [location.file, at].filter(Boolean).join(':');
    super(`${where}${location.field ? `: field "${location.field}"` : ''}: ${problem}`);
    this.name = 'TaskFormatError';
    this.location = location;
  }
}

/** A mistake in how didactic was asked to run (bad flag, unknown domain, K < 1, …). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * A step run as its own process (an evaluation or a recipe under `reproduce`) failed; the
 * process has printed its own error, so this one only says which step and exits with its code.
 */
export class StepFailedError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'StepFailedError';
  }
}
