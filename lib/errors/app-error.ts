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

  constructor(code: ErrorCode, message: string, opts: { surface?: "user" | "internal"; cause?: unknown } = {}) {
    super(message, { cause: opts.cause });
    this.name = "AppError";
    this.code = code;
    this.surface = opts.surface ?? "user";
  }

  get httpStatus(): number {
    return HTTP_STATUS[this.code];
  }
}

/** What a client may see of any thrown value: never a stack trace or raw stderr. */
export function toPublicError(err: unknown): { code: ErrorCode; message: string; status: number } {
  if (err instanceof AppError && err.surface === "user") {
    return { code: err.code, message: err.message, status: err.httpStatus };
  }
  return { code: "internal", message: "internal error; see the server log", status: 500 };
}
