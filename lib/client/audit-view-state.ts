"use client";

import { usePathname, useRouter, useSearchParams } from "next/navigation";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { NO_FILTERS, parseAuditFilters, serializeAuditFilters, type AuditFilters } from "./audit-filters";

/** The server matches the user exactly: ask once typing has paused, not per keystroke. */
const USER_DEBOUNCE_MS = 350;

/**
 * The audit page's filters, owned by the URL so a copied link reproduces the view. The user box
 * is local while typing and reaches the URL (and the query) after a pause.
 */
export function useAuditFilters() {
  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const filters = useMemo(() => parseAuditFilters(searchParams), [searchParams]);
  const [userText, setUserText] = useState(filters.user);

  // Back/forward or a link changed the URL: the box follows it.
  const [seenUser, setSeenUser] = useState(filters.user);
  if (seenUser !== filters.user) {
    setSeenUser(filters.user);
    setUserText(filters.user);
  }

  const latest = useRef(filters);
  useEffect(() => {
    latest.current = filters;
  }, [filters]);

  const replace = useCallback(
    (next: AuditFilters) => {
      const qs = serializeAuditFilters(next);
      router.replace(qs ? `${pathname}?${qs}` : pathname, { scroll: false });
    },
    [router, pathname],
  );

  useEffect(() => {
    if (userText.trim() === latest.current.user) return;
    const timer = setTimeout(() => replace({ ...latest.current, user: userText }), USER_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [userText, replace]);

  const update = useCallback(
    (patch: Partial<Omit<AuditFilters, "user">>) => replace({ ...latest.current, user: userText, ...patch }),
    [replace, userText],
  );

  const clear = useCallback(() => {
    setUserText("");
    replace(NO_FILTERS);
  }, [replace]);

  return { filters, userText, setUserText, update, clear };
}
