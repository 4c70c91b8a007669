import { ViewSkeleton } from "@/components/dashboard/view-states";

/** Shown while a project page renders on the server (first visit, range change). */
export default function Loading() {
  return <ViewSkeleton />;
}
