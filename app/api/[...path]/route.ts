import { NotFoundError } from "@/lib/errors";
import { problemResponse } from "@/lib/http/errors";

/**
 * Any /api path no route serves: a 404 problem+json for every method, rather than the
 * dashboard's page routes (which would redirect an API client to the sign-in page).
 */
async function notFound(): Promise<Response> {
  return problemResponse(new NotFoundError("endpoint"));
}

export const GET = notFound;
export const POST = notFound;
export const PUT = notFound;
export const PATCH = notFound;
export const DELETE = notFound;
export const OPTIONS = notFound;
