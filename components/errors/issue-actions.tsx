"use client";

import { Button } from "@tremor/react";
import { useActionState } from "react";
import { setIssueStatusAction } from "@/lib/actions/issues";
import { idle } from "@/lib/actions/action-result";

type Status = "unresolved" | "resolved" | "ignored";

/** Resolve / ignore / reopen, with progress and an inline error. */
export function IssueActions({ orgSlug, projectSlug, issueId, status }: { orgSlug: string; projectSlug: string; issueId: string; status: Status }) {
  const [state, action, pending] = useActionState(setIssueStatusAction.bind(null, orgSlug, projectSlug, issueId), idle);
  const choices: { to: Status; label: string }[] =
    status === "unresolved" ? [{ to: "resolved", label: "Resolve" }, { to: "ignored", label: "Ignore" }] : [{ to: "unresolved", label: "Reopen" }];
  return (
    <form action={action} className="flex items-center gap-2">
      {choices.map((c) => (
        <Button key={c.to} type="submit" name="status" value={c.to} size="xs" variant={c.to === "resolved" ? "primary" : "secondary"} disabled={pending}>
          {c.label}
        </Button>
      ))}
      {state.status === "error" ? <span role="alert" className="text-tremor-label text-red-600">{state.message}</span> : null}
    </form>
  );
}
