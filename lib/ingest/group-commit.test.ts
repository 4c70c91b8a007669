import { describe, expect, it } from "vitest";
import { GroupCommitter } from "./group-commit";

/** A writer whose groups stay in flight until the test finishes them. */
function heldWriter() {
  const groups: { items: number[]; finish: (err?: Error) => void }[] = [];
  const write = (items: number[]) =>
    new Promise<string[]>((resolve, reject) => {
      groups.push({ items, finish: (err) => (err ? reject(err) : resolve(items.map((i) => `stored ${i}`))) });
    });
  return { groups, write };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("GroupCommitter", () => {
  it("writes what arrives during a write as the next group, each caller answered after its own group", async () => {
    const { groups, write } = heldWriter();
    const committer = new GroupCommitter(write, 100, 1);
    const first = committer.submit(1, 10);
    const rest = [committer.submit(2, 10), committer.submit(3, 10)];
    expect(groups.map((g) => g.items)).toEqual([[1]]);
    groups[0].finish();
    expect(await first).toBe("stored 1");
    await settle();
    expect(groups.map((g) => g.items)).toEqual([[1], [2, 3]]);
    groups[1].finish();
    expect(await Promise.all(rest)).toEqual(["stored 2", "stored 3"]);
  });

  it("starts a group beside the one in flight only once the backlog reaches the threshold", async () => {
    const { groups, write } = heldWriter();
    const committer = new GroupCommitter(write, 1000, 2, { minConcurrentGroup: 50 });
    void committer.submit(1, 10);
    void committer.submit(2, 20);
    void committer.submit(3, 20);
    expect(groups.map((g) => g.items)).toEqual([[1]]); // 40 waiting: below 50
    void committer.submit(4, 10);
    expect(groups.map((g) => g.items)).toEqual([[1], [2, 3, 4]]); // 50 waiting: a second group
    void committer.submit(5, 500);
    expect(groups).toHaveLength(2); // never more than two in flight
    groups[0].finish();
    await settle();
    expect(groups.map((g) => g.items)).toEqual([[1], [2, 3, 4], [5]]);
  });

  it("keeps a group within the size bound, and fails every caller of a failed group", async () => {
    const { groups, write } = heldWriter();
    const committer = new GroupCommitter(write, 30, 1);
    void committer.submit(1, 10);
    const failing = [committer.submit(2, 20), committer.submit(3, 10)];
    const later = committer.submit(4, 5);
    groups[0].finish();
    await settle();
    expect(groups[1].items).toEqual([2, 3]); // 30: the bound; 4 waits for the next group
    groups[1].finish(new Error("storage down"));
    for (const p of failing) await expect(p).rejects.toThrow("storage down");
    await settle();
    expect(groups[2].items).toEqual([4]);
    groups[2].finish();
    expect(await later).toBe("stored 4");
  });

  it("splits a group the database refused down to the item at fault; the others are stored", async () => {
    const refused = new Error("refused");
    const writes: number[][] = [];
    // A writer that refuses any group holding item 7, as PostgreSQL refuses a statement.
    const write = async (items: number[]) => {
      writes.push(items);
      if (items.includes(7)) throw refused;
      return items.map((i) => `stored ${i}`);
    };
    const committer = new GroupCommitter(write, 100, 1, { separable: (err) => err === refused });
    const held = committer.submit(0, 1); // in flight alone, so 1..9 form the next group
    const answers = Array.from({ length: 9 }, (_, i) => committer.submit(i + 1, 1));
    await held;
    const settled = await Promise.allSettled(answers);
    expect(settled.map((s) => (s.status === "fulfilled" ? s.value : "refused"))).toEqual([
      "stored 1", "stored 2", "stored 3", "stored 4", "stored 5", "stored 6", "refused", "stored 8", "stored 9",
    ]);
    // Bisection: the group, then halves of the refused part only, down to [7].
    expect(writes).toEqual([[0], [1, 2, 3, 4, 5, 6, 7, 8, 9], [1, 2, 3, 4, 5], [6, 7, 8, 9], [6, 7], [6], [7], [8, 9]]);
  });

  it("fails a whole group at once on an error that is not one item's fault", async () => {
    let calls = 0;
    const committer = new GroupCommitter(
      async () => {
        calls += 1;
        throw new Error("connection lost");
      },
      100,
      1,
      { separable: () => false },
    );
    const results = await Promise.allSettled([committer.submit(1, 1), committer.submit(2, 1), committer.submit(3, 1)]);
    expect(results.every((r) => r.status === "rejected")).toBe(true);
    expect(calls).toBe(2); // [1], then [2, 3] once — no retries against failing storage
  });
});
