"use client";

import { Button } from "@tremor/react";
import type { ComponentProps } from "react";
import { useFormStatus } from "react-dom";

/** A form's submit button that shows progress while the action runs. */
export function SubmitButton({ children, pendingText, ...props }: ComponentProps<typeof Button> & { pendingText?: string }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" loading={pending} loadingText={pendingText} disabled={pending || props.disabled} {...props}>
      {children}
    </Button>
  );
}
