import { MethodNotAllowedError, problemResponse } from "./errors";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
const METHODS: Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/**
 * Handlers for the methods a route does not serve, so that they answer 405 as
 * problem+json with `Allow` (Next's own 405 has an empty body). A route file exports the
 * ones it lacks: `export const { POST, PUT, PATCH, DELETE } = otherMethods("GET");`.
 */
export function otherMethods(...allowed: Method[]): Record<Method, () => Promise<Response>> {
  const withHead = allowed.includes("GET") ? [...allowed, "HEAD"] : allowed;
  const refuse = async () => problemResponse(new MethodNotAllowedError(withHead));
  return Object.fromEntries(METHODS.map((m) => [m, refuse])) as Record<Method, () => Promise<Response>>;
}
