import { MethodNotAllowedError, problemResponse } from "./errors";

type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
const METHODS: Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE"];

/**
 * Handlers for the methods a route does not serve, so that they answer 405 as
 * problem+json with `Allow` (Next's own 405 has an empty body), and for OPTIONS, whose
 * `Allow` Next would otherwise fill with every method the file exports — these refusals
 * included. A route file exports the ones it lacks:
 * `export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");`.
 */
export function otherMethods(...allowed: Method[]): Record<Method | "OPTIONS", () => Promise<Response>> {
  const withHead = allowed.flatMap((m) => (m === "GET" ? ["GET", "HEAD"] : [m]));
  const refuse = async () => problemResponse(new MethodNotAllowedError(withHead));
  const options = async () => new Response(null, { status: 204, headers: { Allow: [...withHead, "OPTIONS"].join(", ") } });
  return { ...(Object.fromEntries(METHODS.map((m) => [m, refuse])) as Record<Method, () => Promise<Response>>), OPTIONS: options };
}
