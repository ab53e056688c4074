import Link from "next/link";

export default function HostNotFound() {
  return (
    <div
      data-testid="host-not-found"
      className="mx-auto mt-16 max-w-lg rounded-lg border border-zinc-200 bg-white p-6 dark:border-zinc-800 dark:bg-zinc-900"
    >
      <h1 className="text-base font-semibold">Host not found</h1>
      <p className="mt-2 text-zinc-600 dark:text-zinc-400">
        No host by that name is in the fleet file. It may have been renamed or removed, or the link has a typo.
      </p>
      <Link
        href="/"
        className="mt-4 inline-block font-medium text-sky-700 underline-offset-2 hover:underline dark:text-sky-400"
      >
        Back to the fleet overview
      </Link>
    </div>
  );
}
