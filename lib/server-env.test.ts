import { describe, expect, it } from "vitest";
import { envSchema } from "./env";
import { serverVariable } from "./server-env.mjs";

describe("the variables scripts/serve.mjs reads before the app loads", () => {
  it.each([
    // [variable, value, read as]
    ["PORT", undefined, 3000],
    ["PORT", "3400", 3400],
    ["WEB_CONCURRENCY", undefined, 1],
    ["WEB_CONCURRENCY", "2", 2],
    ["TRUSTED_PROXY_HOPS", "", 0],
    ["HOSTNAME", undefined, "0.0.0.0"],
    ["HOSTNAME", " ", "0.0.0.0"],
    ["HOSTNAME", "127.0.0.1", "127.0.0.1"],
  ] as const)("%s=%j is %j", (name, value, expected) => {
    expect(serverVariable(name, value)).toBe(expected);
  });

  it.each([
    ["PORT", "0", 'PORT must be a whole number from 1 to 65535 (a TCP port); got "0".'],
    ["PORT", "65536", 'PORT must be a whole number from 1 to 65535 (a TCP port); got "65536".'],
    ["PORT", "http", 'PORT must be a whole number from 1 to 65535 (a TCP port); got "http".'],
    ["WEB_CONCURRENCY", "1.5", 'WEB_CONCURRENCY must be a whole number ≥ 1 (processes); got "1.5".'],
    ["TRUSTED_PROXY_HOPS", "11", 'TRUSTED_PROXY_HOPS must be a whole number from 0 to 10 (proxies in front of Vigil); got "11".'],
  ] as const)("%s=%j is refused, saying what it must be", (name, value, message) => {
    expect(() => serverVariable(name, value)).toThrow(message);
  });

  it("the app reads them with the same rules and words", () => {
    const parsed = envSchema.safeParse({ WEB_CONCURRENCY: "0", PORT: "80", HOSTNAME: "" });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`)).toEqual(["WEB_CONCURRENCY: must be a whole number ≥ 1 (processes)"]);
    expect(envSchema.parse({ PORT: "80", HOSTNAME: "" })).toMatchObject({ PORT: 80, HOSTNAME: "0.0.0.0", WEB_CONCURRENCY: 1, TRUSTED_PROXY_HOPS: 0 });
  });
});
