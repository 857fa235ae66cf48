import { EnvError } from './errors.js';

// A bounded pool of slots (code verification in the sandbox, LLM teacher calls). A request waits
// for a slot at most `maxWaitMs`; when the queue is already full, or the wait runs out, it is
// answered 429 with Retry-After instead of being held: a trainer with 4,096 rollouts in flight
// must see backpressure, never a hung socket.

export interface PoolOptions {
  name: string;
  /** Work running at once. */
  size: number;
  /** Requests that may wait for a slot; more are refused at once. */
  maxQueue: number;
  maxWaitMs: number;
}

export interface PoolStats {
  size: number;
  active: number;
  waiting: number;
  rejected: number;
}

interface Waiter {
  grant: () => void;
  timer: NodeJS.Timeout;
}

export class Pool {
  private active = 0;
  private rejected = 0;
  private readonly waiting: Waiter[] = [];

  constructor(readonly options: PoolOptions) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  stats(): PoolStats {
    return { size: this.options.size, active: this.active, waiting: this.waiting.length, rejected: this.rejected };
  }

  private acquire(): Promise<void> {
    if (this.active < this.options.size) {
      this.active++;
      return Promise.resolve();
    }
    if (this.waiting.length >= this.options.maxQueue) return Promise.reject(this.busy('its queue is full'));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        grant: () => {
          clearTimeout(waiter.timer);
          this.active++;
          resolve();
        },
        timer: setTimeout(() => {
          const i = this.waiting.indexOf(waiter);
          if (i >= 0) this.waiting.splice(i, 1);
          reject(this.busy(`no slot within ${this.options.maxWaitMs} ms`));
        }, this.options.maxWaitMs),
      };
      this.waiting.push(waiter);
    });
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.grant();
  }

  private busy(why: string): EnvError {
    this.rejected++;
    // A full queue drains at about one slot-time per queued job; a second is a fair first wait.
    const retryAfter = Math.max(1, Math.ceil(this.options.maxWaitMs / 1000));
    return new EnvError(
      429,
      'busy',
      `the ${this.options.name} pool is busy (${why}); retry after ${retryAfter} s`,
      { pool: this.options.name },
      retryAfter,
    );
  }
}
