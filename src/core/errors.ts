/** Where a bad input was found: enough for a user to open the file at the right line. */
export interface InputLocation {
  file: string;
  /** 1-based line number, when the input is line-oriented. */
  line?: number;
  field?: string;
}

/**
 * A task file (or a task given on the command line) that does not fit any supported format.
 * The message always names the file, the line and the field.
 */
export class TaskFormatError extends Error {
  readonly location: InputLocation;
  constructor(location: InputLocation, problem: string) {
    const where = [location.file, location.line === undefined ? undefined : `line ${location.line}`].filter(Boolean).join(':');
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
