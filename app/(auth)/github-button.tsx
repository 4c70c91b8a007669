import { Button } from "@tremor/react";
import { signInWithGitHubAction } from "@/lib/actions/auth";

export function GitHubButton({ callbackUrl }: { callbackUrl?: string }) {
  return (
    <form action={signInWithGitHubAction} className="mt-4">
      <input type="hidden" name="callbackUrl" value={callbackUrl ?? ""} />
      <Button type="submit" variant="secondary" className="w-full">
        Continue with GitHub
      </Button>
    </form>
  );
}
