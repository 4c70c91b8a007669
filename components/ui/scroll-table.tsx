import { Table } from "@tremor/react";
import type { ReactNode } from "react";

/**
 * A Tremor table that scrolls sideways inside its card when its columns are wider than the
 * card, instead of running off the right edge. The scroller is this wrapper (Tremor's own
 * root is told not to scroll), so it can be a labelled, focusable region: keyboard users
 * scroll it with the arrow keys. Shadows at either edge (`.scroll-shadows`, app/globals.css)
 * show that there are more columns, also where scroll bars are hidden until used.
 */
export function ScrollTable({ label, children, className = "" }: { label: string; children: ReactNode; className?: string }) {
  return (
    <div role="region" aria-label={label} tabIndex={0} className={`scroll-shadows overflow-x-auto ${className}`}>
      <Table className="overflow-visible">{children}</Table>
    </div>
  );
}
