export * from "./users";
export * from "./tenancy";
export * from "./api-keys";
export * from "./audit";
export * from "./telemetry";
export * from "./alerts";
export * from "./sentry";
