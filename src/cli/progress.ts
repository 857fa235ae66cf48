import cliProgress from 'cli-progress';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/**
 * A progress bar with ETA on a terminal; on a pipe or in CI, a plain line every 10% or 15 s so
 * logs stay readable.
 */
export function createProgress(label: string, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {percentage}% | {value}/{total} | ETA {eta_formatted} | {duration_formatted}`, stream, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total) {
        if (!started) {
          bar.start(total, done);
          started = true;
        } else bar.update(done);
      },
      stop: () => bar.stop(),
    };
  }
  const began = Date.now();
  let lastTime = 0;
  let lastDecile = -1;
  return {
    update(done, total) {
      const decile = total ? Math.floor((done / total) * 10) : 10;
      const now = Date.now();
      if (decile === lastDecile && now - lastTime < 15_000 && done !== total) return;
      lastDecile = decile;
      lastTime = now;
      const elapsed = (now - began) / 1000;
      const eta = done > 0 ? ((total - done) * elapsed) / done : NaN;
      stream.write(
        `${label}: ${done}/${total} (${total ? Math.round((done / total) * 100) : 100}%)${Number.isFinite(eta) ? `, eta ${Math.round(eta)}s` : ''}\n`,
      );
    },
    stop() {},
  };
}

/** A line per training step; on a pipe, only every 15 s and at the last step. */
export interface StepLine {
  /** `share` is how much of the run is done (0–1), drawn as a bar before `text`. */
  update(share: number, text: string, last: boolean): void;
  stop(): void;
}

/**
 * A step line rewritten in place on a terminal; on a pipe or in CI, printed as its own line
 * at the first step, at most every 15 s after that, and at the last.
 */
export function createStepLine(stream: NodeJS.WriteStream = process.stderr): StepLine {
  let lastLine = 0;
  return {
    update(share, text, last) {
      const width = 30;
      const filled = Math.round(Math.min(1, share) * width);
      const line = `[${'█'.repeat(filled)}${'░'.repeat(width - filled)}] ${text}`;
      if (stream.isTTY) stream.write(`\r${line}`);
      else if (Date.now() - lastLine > 15_000 || last) {
        stream.write(`${line}\n`);
        lastLine = Date.now();
      }
    },
    stop() {
      if (stream.isTTY) stream.write('\n');
    },
  };
}
