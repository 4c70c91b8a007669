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
    const committer = new GroupCommitter(write, 1000, 2, 50);
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
});
