import "server-only";
import type { z } from "zod";
import { AppError } from "@/lib/errors/app-error";

const MAX_BODY_BYTES = 16 * 1024;

/**
 * A JSON request body checked against a strict schema: wrong content type (415), too large (413),
 * not JSON, missing or extra fields, wrong types (400) — each with a reason, before anything runs.
 */
export async function readJsonBody<S extends z.ZodType>(req: Request, schema: S, opts: { integerFields?: string[] } = {}): Promise<z.infer<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json(\s*;|$)/i.test(type)) throw new AppError("unsupported_media_type", "send the body as application/json");
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new AppError("payload_too_large", `the body may be at most ${MAX_BODY_BYTES} bytes`);
  const buf = Buffer.from(await req.arrayBuffer());
  if (buf.length > MAX_BODY_BYTES) throw new AppError("payload_too_large", `the body may be at most ${MAX_BODY_BYTES} bytes`);
  const text = buf.toString("utf8");
  // JSON.parse turns 1e6 and 524288.0 into integers; for limits only plain digits are accepted.
  for (const field of opts.integerFields ?? []) {
    for (const m of text.matchAll(new RegExp(`"${field}"\\s*:\\s*(-?[0-9][0-9.eE+-]*)`, "g"))) {
      if (!/^[0-9]+$/.test(m[1] ?? "")) throw new AppError("bad_request", `${field}: must be written as a plain positive integer (got ${m[1]})`);
    }
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new AppError("bad_request", "the body is not valid JSON");
  }
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    const where = i && i.path.length ? `${i.path.join(".")}: ` : "";
    const msg = i?.code === "unrecognized_keys" ? `unknown field ${i.keys.join(", ")}` : (i?.message ?? "invalid body");
    throw new AppError("bad_request", `${where}${msg}`);
  }
  return parsed.data;
}
