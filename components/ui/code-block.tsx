import { CopyButton } from "./copy-button";

export function CodeBlock({ code, label }: { code: string; label?: string }) {
  return (
    <div className="relative rounded-tremor-default bg-gray-950 text-gray-100">
      <div className="flex items-center justify-between border-b border-gray-800 px-3 py-1.5">
        <span className="text-tremor-label text-gray-400">{label ?? "shell"}</span>
        <CopyButton text={code} />
      </div>
      <pre className="overflow-x-auto p-3 text-xs leading-relaxed">
        <code>{code}</code>
      </pre>
    </div>
  );
}
