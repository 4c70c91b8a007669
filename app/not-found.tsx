import Link from "next/link";

export default function NotFound() {
  return (
    <main className="mx-auto max-w-md px-4 py-24 text-center">
      <p className="text-sm font-semibold text-tremor-brand">404</p>
      <h1 className="mt-2 text-2xl font-semibold">Nothing here</h1>
      <p className="mt-2 text-tremor-default text-tremor-content dark:text-dark-tremor-content">
        This page does not exist, or your account has no access to it.
      </p>
      <Link href="/" className="mt-6 inline-block text-tremor-brand hover:underline">
        Go to your dashboard
      </Link>
    </main>
  );
}
