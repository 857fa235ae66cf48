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
