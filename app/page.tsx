import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/guards";
import { getDb } from "@/lib/db/client";
import { listOrganizationsForUser } from "@/lib/tenancy/organizations";

/** The front door: sign in, create a first organization, or go to the one you have. */
export default async function Home() {
  const user = await currentUser();
  if (!user) redirect("/sign-in");
  const orgs = await listOrganizationsForUser(await getDb(), user.userId);
  redirect(orgs.length > 0 ? `/${orgs[0].slug}` : "/orgs/new");
}
