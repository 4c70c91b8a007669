import { Card } from "@tremor/react";

export function Kpi({ label, value, detail }: { label: string; value: string; detail?: string }) {
  return (
    <Card className="p-4" data-testid={`kpi-${label}`}>
      <p className="text-tremor-default text-tremor-content dark:text-dark-tremor-content">{label}</p>
      <p className="mt-1 text-2xl font-semibold text-tremor-content-strong dark:text-dark-tremor-content-strong">{value}</p>
      {detail ? <p className="mt-1 text-tremor-label text-tremor-content dark:text-dark-tremor-content">{detail}</p> : null}
    </Card>
  );
}
