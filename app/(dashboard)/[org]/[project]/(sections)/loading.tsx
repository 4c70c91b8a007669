import { ViewSkeleton } from "@/components/dashboard/view-states";

/**
 * Shown while a project section renders on the server (first visit, range change). The
 * pages of one issue or one deployment live outside this route group on purpose: under a
 * loading boundary the answer starts streaming as a 200 before the page has looked its
 * object up, so a missing one could show the 404 page but never answer HTTP 404.
 */
export default function Loading() {
  return <ViewSkeleton />;
}
