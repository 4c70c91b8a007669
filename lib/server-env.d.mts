// Types of server-env.mjs (plain JavaScript, shared with scripts/serve.mjs).
import type { z } from "zod";

export declare const serverVariables: {
  TRUSTED_PROXY_HOPS: z.ZodType<number, unknown>;
  WEB_CONCURRENCY: z.ZodType<number, unknown>;
  PORT: z.ZodType<number, unknown>;
  HOSTNAME: z.ZodType<string, unknown>;
};

export type ServerVariables = { [K in keyof typeof serverVariables]: z.output<(typeof serverVariables)[K]> };

export declare function serverVariable<K extends keyof ServerVariables>(name: K, value?: string): ServerVariables[K];
