import { describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors/app-error";
import { raiseBodySchema } from "./limit-actions";
import { readJsonBody } from "./body";

const post = (body: string) => new Request("http://127.0.0.1/api/hosts/web-01/limit", { method: "POST", headers: { "content-type": "application/json" }, body });

async function refusal(body: string): Promise<string> {
  const err = await readJsonBody(post(body), raiseBodySchema, { integerFields: ["max", "hashsize"] }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).httpStatus).toBe(400);
  return (err as AppError).message;
}

describe("readJsonBody on the raise body", () => {
  it("reads a plain body", async () => {
    await expect(readJsonBody(post(`{"mode":"temporary","max":524288,"reason":"INC-1"}`), raiseBodySchema, { integerFields: ["max"] })).resolves.toEqual({
      mode: "temporary",
      max: 524288,
      reason: "INC-1",
    });
  });

  it.each([
    [`{"mode":"temporary","max":1,"max":524288}`, 'the body has a duplicate key "max": send each field once'],
    [`{"mode":"temporary","max":1,"m\\u0061x":524288}`, 'the body has a duplicate key "max": send each field once'],
    [`{"mode":"temporary","mode":"permanent","max":524288}`, 'the body has a duplicate key "mode": send each field once'],
    [`{"mode":"temporary","m\\u0061x":1e6}`, "max: must be written as a plain positive integer (got 1e6)"],
    [`{"mode":"temporary","max":524288.0}`, "max: must be written as a plain positive integer (got 524288.0)"],
    [`{"mode":"temporary","max":524288,}`, `the body is not valid JSON: unexpected "}" where a key should be at position 33`],
  ])("%s → 400", async (body, message) => {
    expect(await refusal(body)).toBe(message);
  });
});
