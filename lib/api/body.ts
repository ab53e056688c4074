import "server-only";
import type { z } from "zod";
import { AppError } from "@/lib/errors/app-error";
import { JsonBodyError, parseStrictJson } from "./strict-json";

const MAX_BODY_BYTES = 16 * 1024;

/**
 * A JSON request body checked against a strict schema: wrong content type (415), too large (413),
 * not JSON, a key given twice at any depth, missing or extra fields, wrong types (400) — each with a
 * reason, before anything runs.
 */
export async function readJsonBody<S extends z.ZodType>(req: Request, schema: S, opts: { integerFields?: string[] } = {}): Promise<z.infer<S>> {
  const type = req.headers.get("content-type") ?? "";
  if (!/^application\/json(\s*;|$)/i.test(type)) throw new AppError("unsupported_media_type", "send the body as application/json");
  const declared = Number(req.headers.get("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new AppError("payload_too_large", `the body may be at most ${MAX_BODY_BYTES} bytes`);
  const buf = Buffer.from(await req.arrayBuffer());
  if (buf.length > MAX_BODY_BYTES) throw new AppError("payload_too_large", `the body may be at most ${MAX_BODY_BYTES} bytes`);
  const text = buf.toString("utf8");
  const integerFields = new Set(opts.integerFields ?? []);
  let data: unknown;
  try {
    data = parseStrictJson(text, {
      // JSON turns 1e6 and 524288.0 into integers; for limits only plain digits are accepted.
      onNumber: (path, raw) => {
        const key = path.at(-1);
        if (typeof key === "string" && integerFields.has(key) && !/^[0-9]+$/.test(raw)) {
          throw new AppError("bad_request", `${key}: must be written as a plain positive integer (got ${raw})`);
        }
      },
    });
  } catch (err) {
    if (err instanceof JsonBodyError) {
      throw new AppError("bad_request", err.kind === "duplicate_key" ? `the body has a ${err.message}: send each field once` : `the body is not valid JSON: ${err.message}`);
    }
    throw err;
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
