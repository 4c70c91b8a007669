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

  constructor(
    private readonly writeGroup: (items: In[]) => Promise<Out[]>,
    /** Upper bound of one group, in the caller's unit (events), so a transaction stays short. */
    private readonly maxGroupSize: number,
    private readonly maxInFlight: number,
    /**
     * A group beyond the first in flight starts only once this much waits. Below that,
     * requests wait for the group in flight and join the next one: one larger statement
     * costs both processes less than several small concurrent ones, and at light load
     * waiting for one statement is quicker than contending with it.
     */
    private readonly minConcurrentGroup = 0,
  ) {}

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
      const results = await this.writeGroup(group.map((g) => g.item));
      group.forEach((g, i) => g.resolve(results[i]));
    } catch (err) {
      // The whole group rolled back: every request in it is told so, none half-stored.
      for (const g of group) g.reject(err);
    } finally {
      this.inFlight -= 1;
      this.startGroups();
    }
  }
}
