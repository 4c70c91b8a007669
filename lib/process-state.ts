/**
 * State that must exist once per process. Next compiles lib/ into several bundles (each
 * route handler, proxy.ts, instrumentation.ts), and each bundle has its own copy of every
 * module, so a module-level variable would exist once per bundle: one database opened
 * twice, one rate-limit counter per route. globalThis is what the bundles share; every such
 * value lives there through this module, under `Symbol.for("vigil.<name>")` (which is also
 * how scripts/serve.mjs, plain JavaScript outside the bundles, finds the native routes).
 */
export interface ProcessSlot<T> {
  get(): T | undefined;
  set(value: T | undefined): void;
}

export function processSlot<T>(name: string): ProcessSlot<T> {
  const key = Symbol.for(`vigil.${name}`);
  const store = globalThis as unknown as Record<symbol, T | undefined>;
  return {
    get: () => store[key],
    set: (value) => {
      store[key] = value;
    },
  };
}

/** The process's one value of `name`, created on first use. */
export function processSingleton<T>(name: string, create: () => T): T {
  const slot = processSlot<T>(name);
  let value = slot.get();
  if (value === undefined) {
    value = create();
    slot.set(value);
  }
  return value;
}
