/**
 * Group commit: requests that arrive while writes are in flight are written together in
 * the next transaction. One commit (one fsync) then serves many requests, and rollup rows
 * shared by concurrent batches are updated once per group instead of once per request.
 * Up to `maxInFlight` groups commit at once, so the database uses more than one core;
 * each submitter still learns its outcome only after its own group committed.
 */
export class GroupCommitter<In, Out> {
  private queue: { item: In; size: number; resolve: (out: Out) => void; reject: (err: unknown) => void }[] = [];
  private inFlight = 0;
  /** Size waiting in the queue, in the caller's unit. */
  private queued = 0;

  private readonly minConcurrentGroup: number;
  private readonly separable: (err: unknown) => boolean;

  constructor(
    private readonly writeGroup: (items: In[]) => Promise<Out[]>,
    /** Upper bound of one group, in the caller's unit (events), so a transaction stays short. */
    private readonly maxGroupSize: number,
    private readonly maxInFlight: number,
    options: {
      /**
       * A group beyond the first in flight starts only once this much waits. Below that,
       * requests wait for the group in flight and join the next one: one larger statement
       * costs both processes less than several small concurrent ones, and at light load
       * waiting for one statement is quicker than contending with it.
       */
      minConcurrentGroup?: number;
      /**
       * Whether a failed group's error may be one item's fault (the database refused its
       * data) rather than the storage's. Such a group is split in halves and each half
       * written again, down to the single item at fault, so one request's bad data never
       * fails the others that happened to share its transaction. Other errors fail the
       * whole group at once: retrying halves against unavailable storage only adds load.
       */
      separable?: (err: unknown) => boolean;
    } = {},
  ) {
    this.minConcurrentGroup = options.minConcurrentGroup ?? 0;
    this.separable = options.separable ?? (() => false);
  }

  submit(item: In, size: number): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, size, resolve, reject });
      this.queued += size;
      this.startGroups();
    });
  }

  private startGroups(): void {
    while (this.queue.length > 0 && this.inFlight < this.maxInFlight && (this.inFlight === 0 || this.queued >= this.minConcurrentGroup)) {
      let size = 0;
      let take = 0;
      while (take < this.queue.length && (take === 0 || size + this.queue[take].size <= this.maxGroupSize)) {
        size += this.queue[take].size;
        take += 1;
      }
      this.queued -= size;
      void this.write(this.queue.splice(0, take));
    }
  }

  private async write(group: typeof this.queue): Promise<void> {
    this.inFlight += 1;
    try {
      await this.writeSeparating(group);
    } finally {
      this.inFlight -= 1;
      this.startGroups();
    }
  }

  /**
   * Writes a group; if the database refused its data, bisects it (log2 of the group's
   * requests extra writes per bad request) so that only the request at fault is refused.
   * A group that rolled back tells every request in it so: none is ever half-stored.
   */
  private async writeSeparating(group: typeof this.queue): Promise<void> {
    let results: Out[];
    try {
      results = await this.writeGroup(group.map((g) => g.item));
    } catch (err) {
      if (group.length > 1 && this.separable(err)) {
        const half = Math.ceil(group.length / 2);
        await this.writeSeparating(group.slice(0, half));
        await this.writeSeparating(group.slice(half));
      } else {
        for (const g of group) g.reject(err);
      }
      return;
    }
    group.forEach((g, i) => g.resolve(results[i]));
  }
}
