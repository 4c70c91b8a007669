/**
 * Group commit: requests that arrive while a write is in flight are written together in
 * the next transaction. One commit (one fsync) then serves many requests, and rollup rows
 * shared by concurrent batches are updated once per group instead of contending for locks.
 * Each submitter still learns its own outcome only after its group committed.
 */
export class GroupCommitter<In, Out> {
  private queue: { item: In; size: number; resolve: (out: Out) => void; reject: (err: unknown) => void }[] = [];
  private running = false;

  constructor(
    private readonly writeGroup: (items: In[]) => Promise<Out[]>,
    /** Upper bound of one group, in the caller's unit (events), so a transaction stays short. */
    private readonly maxGroupSize: number,
  ) {}

  submit(item: In, size: number): Promise<Out> {
    return new Promise<Out>((resolve, reject) => {
      this.queue.push({ item, size, resolve, reject });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0) {
        let size = 0;
        let take = 0;
        while (take < this.queue.length && (take === 0 || size + this.queue[take].size <= this.maxGroupSize)) {
          size += this.queue[take].size;
          take += 1;
        }
        const group = this.queue.splice(0, take);
        try {
          const results = await this.writeGroup(group.map((g) => g.item));
          group.forEach((g, i) => g.resolve(results[i]));
        } catch (err) {
          // The whole group rolled back: every request in it is told so, none half-stored.
          for (const g of group) g.reject(err);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
