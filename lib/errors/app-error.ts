/**
 * One error type with a stable code. `surface` says who may see the message: `user` messages are
 * written for the operator and safe to show; `internal` ones are logged and replaced by a generic text.
 */
export type ErrorCode =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "csrf"
  | "conflict"
  | "too_many_requests"
  | "unsupported_media_type"
  | "payload_too_large"
  | "not_found"
  | "refused"
  | "host_failed"
  | "config"
  | "unreachable"
  | "auth"
  | "hostkey"
  | "timeout"
  | "command"
  | "parse"
  | "internal";

const HTTP_STATUS: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  csrf: 403,
  conflict: 409,
  too_many_requests: 429,
  unsupported_media_type: 415,
  payload_too_large: 413,
  not_found: 404,
  refused: 400,
  host_failed: 502,
  config: 500,
  unreachable: 502,
  auth: 502,
  hostkey: 502,
  timeout: 504,
  command: 502,
  parse: 502,
  internal: 500,
};

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly surface: "user" | "internal";

  /** Extra fields for the client (which step failed, what state the host was left in). */
  readonly details: Record<string, unknown> | null;

  constructor(
    code: ErrorCode,
    message: string,
    opts: { surface?: "user" | "internal"; cause?: unknown; details?: Record<string, unknown>; status?: number } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = "AppError";
    this.code = code;
    this.surface = opts.surface ?? "user";
    this.details = opts.details ?? null;
    this.statusOverride = opts.status ?? null;
  }

  private readonly statusOverride: number | null;

  get httpStatus(): number {
    return this.statusOverride ?? HTTP_STATUS[this.code];
  }
}

/** What a client may see of any thrown value: never a stack trace or raw stderr. */
export function toPublicError(err: unknown): { code: ErrorCode; message: string; status: number; details: Record<string, unknown> | null } {
  if (err instanceof AppError && err.surface === "user") {
    return { code: err.code, message: err.message, status: err.httpStatus, details: err.details };
  }
  return { code: "internal", message: "internal error; see the server log", status: 500, details: null };
}
