import { checkHealth } from "@/lib/health";
import { otherMethods } from "@/lib/http/methods";

export const dynamic = "force-dynamic";

export async function GET() {
  const report = await checkHealth();
  return Response.json(report, {
    status: report.status === "ok" ? 200 : 503,
    headers: { "Cache-Control": "no-store" },
  });
}

/** Other methods: 405 problem+json with `Allow`. */
export const { POST, PUT, PATCH, DELETE, OPTIONS } = otherMethods("GET");
