// What /v1/stats reports: latency percentiles over the most recent requests of each kind, and
// counters of rejections by error code. A fixed ring per kind keeps memory flat however long
// the server runs.

const RING = 8192;

class LatencyRing {
  private readonly samples = new Float64Array(RING);
  private count = 0;

  add(ms: number): void {
    this.samples[this.count % RING] = ms;
    this.count++;
  }

  summary(): { n: number; p50: number; p90: number; p99: number; max: number } | null {
    const n = Math.min(this.count, RING);
    if (n === 0) return null;
    const sorted = Array.from(this.samples.subarray(0, n)).sort((a, b) => a - b);
    const at = (q: number): number => round(sorted[Math.min(n - 1, Math.floor(q * n))] as number);
    return { n: this.count, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: round(sorted[n - 1] as number) };
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

export class ServerStats {
  private readonly latency = new Map<string, LatencyRing>();
  private readonly errors = new Map<string, number>();
  private requests = 0;

  /** One request of `kind` (start, attempt, verify, teacher, …) took `ms`. */
  time(kind: string, ms: number): void {
    let ring = this.latency.get(kind);
    if (!ring) {
      ring = new LatencyRing();
      this.latency.set(kind, ring);
    }
    ring.add(ms);
  }

  request(): void {
    this.requests++;
  }

  error(code: string): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  snapshot(): { requests: number; latency_ms: Record<string, unknown>; errors: Record<string, number> } {
    const latency: Record<string, unknown> = {};
    for (const [kind, ring] of [...this.latency].sort(([a], [b]) => a.localeCompare(b))) latency[kind] = ring.summary();
    return { requests: this.requests, latency_ms: latency, errors: Object.fromEntries(this.errors) };
  }
}
