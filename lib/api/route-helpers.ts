import "server-only";
import { NextResponse } from "next/server";
import { toPublicError } from "@/lib/errors/app-error";

export function jsonError(err: unknown): NextResponse {
  const pub = toPublicError(err);
  if (pub.code === "internal") console.error("[api]", err);
  return NextResponse.json(
    { error: { code: pub.code, message: pub.message, ...(pub.details ?? {}) } },
    { status: pub.status, headers: { "cache-control": "no-store" } },
  );
}

export function json(body: unknown, init?: { status?: number }): NextResponse {
  return NextResponse.json(body, { status: init?.status ?? 200, headers: { "cache-control": "no-store" } });
}
