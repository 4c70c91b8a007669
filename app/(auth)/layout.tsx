import type { ReactNode } from "react";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <main className="flex min-h-screen items-center justify-center px-4 py-12">
      <div className="w-full max-w-sm">
        <div className="mb-8 text-center">
          <span className="text-2xl font-bold tracking-tight text-tremor-brand">◉ Vigil</span>
          <p className="mt-1 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
            Monitoring for web apps and serverless functions
          </p>
        </div>
        {children}
      </div>
    </main>
  );
}
