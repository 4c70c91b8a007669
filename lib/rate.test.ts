import { expect, it } from "vitest";
import { rate } from "./rate";

it.each([
  // [part, whole, rate]
  [5, 100, 0.05],
  [0, 100, 0],
  [3, 3, 1],
  [0, 0, null], // no traffic: no rate, not 0%
  [2, 0, null],
])("%i of %i → %s", (part, whole, expected) => {
  expect(rate(part, whole)).toBe(expected);
});
