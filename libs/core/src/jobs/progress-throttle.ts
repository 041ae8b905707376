/** Lets a write through at most once per interval: progress is for people, so a second's staleness is fine and saves a row update per item. */
export class ProgressThrottle {
  private last = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** True (and the clock restarts) when a write is due. */
  due(): boolean {
    const at = this.now();
    if (at - this.last < this.intervalMs) return false;
    this.last = at;
    return true;
  }

  /** Milliseconds until the next write would be let through. */
  wait(): number {
    return Math.max(0, this.last + this.intervalMs - this.now());
  }
}

/**
 * The progress of one job that does its own loop: call advance() per item or batch; the row is
 * written at most once per interval, and always by finish() through the service.
 */
export class ProgressTracker {
  private doneCount = 0;
  private totalCount: number | null;

  constructor(
    readonly jobId: string,
    total: number | null,
    private readonly write: (done: number, total: number | null) => Promise<void>,
    private readonly throttle: ProgressThrottle,
  ) {
    this.totalCount = total;
  }

  get done(): number {
    return this.doneCount;
  }

  get total(): number | null {
    return this.totalCount;
  }

  async advance(by = 1): Promise<void> {
    this.doneCount += by;
    if (this.throttle.due()) await this.write(this.doneCount, this.totalCount);
  }

  /** A newly known total is written at once: it turns an open-ended bar into a measured one. */
  async setTotal(total: number): Promise<void> {
    this.totalCount = total;
    await this.write(this.doneCount, this.totalCount);
  }
}
