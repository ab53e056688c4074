import { describe, expect, it } from "vitest";
import { JsonBodyError, parseStrictJson, type JsonPath } from "./strict-json";

/** Bodies as clients send them: the dashboard's own raise dialog, curl, scripts, hostile input. */
const VALID = [
  `{"mode":"temporary","max":524288}`,
  `{"mode":"permanent","max":1048576,"hashsize":262144,"reason":"INC-4711: web-02 dropping SYNs"}`,
  `{ "user": "olivia", "password": "p\\u00e4ss w\\"ord\\\\" }`,
  `{"name":"ci","role":"viewer","expiresInDays":null}`,
  `{}`,
  `[]`,
  `{"a":[1,-2,3.5,-0.25e-3,1E+2,0],"b":{"c":{"d":[{"e":true},{"e":false},null]}}}`,
  `  {\n\t"reason": "line\\nbreak \\/ slash \\b\\f\\r\\t",\r\n "max": 131072 }  `,
  `{"emoji":"\\ud83d\\udd25 🔥","cjk":"接続追跡","empty":""}`,
  `"just a string"`,
  `42`,
  `{"__proto__":{"isAdmin":true},"constructor":1}`,
  `{"a":{"x":1},"b":{"x":2},"c":[{"x":1},{"x":1}]}`,
];

describe("parseStrictJson agrees with JSON.parse on valid bodies", () => {
  it.each(VALID)("%s", (text) => {
    expect(parseStrictJson(text)).toStrictEqual(JSON.parse(text));
  });

  it("keeps __proto__ an own property, never the prototype", () => {
    const v = parseStrictJson(`{"__proto__":{"isAdmin":true}}`) as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect((v as { isAdmin?: boolean }).isAdmin).toBeUndefined();
    expect(Object.keys(v)).toEqual(["__proto__"]);
  });
});

describe("duplicate keys are refused at any depth, with the key named", () => {
  it.each<[string, string, JsonPath]>([
    [`{"mode":"temporary","max":1,"max":524288}`, `duplicate key "max"`, ["max"]],
    [`{"mode":"temporary","m\\u0061x":1,"max":524288}`, `duplicate key "max"`, ["max"]],
    [`{"max":1,"\\u006d\\u0061\\u0078":2}`, `duplicate key "max"`, ["max"]],
    [`{"reason":"a","mode":"temporary","reason":"b"}`, `duplicate key "reason"`, ["reason"]],
    [`{"a":{"b":{"c":1,"c":2}}}`, `duplicate key "c" in a.b`, ["a", "b", "c"]],
    [`{"list":[{"x":1},{"x":1,"y":2,"x":3}]}`, `duplicate key "x" in list[1]`, ["list", 1, "x"]],
    [`[[{"k":1,"k":1}]]`, `duplicate key "k" in [0][0]`, [0, 0, "k"]],
    [`{"":1,"":2}`, `duplicate key ""`, [""]],
    [`{"__proto__":1,"__proto__":2}`, `duplicate key "__proto__"`, ["__proto__"]],
  ])("%s", (text, message, path) => {
    let err: unknown;
    try {
      parseStrictJson(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(JsonBodyError);
    expect((err as JsonBodyError).kind).toBe("duplicate_key");
    expect((err as JsonBodyError).message).toBe(message);
    expect((err as JsonBodyError).path).toEqual(path);
  });

  it("keys that differ only in case or by an escape that decodes differently are distinct", () => {
    expect(parseStrictJson(`{"max":1,"Max":2,"m\\u0041x":3}`)).toEqual({ max: 1, Max: 2, mAx: 3 });
  });
});

describe("malformed bodies are refused where JSON.parse refuses them", () => {
  it.each([
    ``,
    `{`,
    `{"max":}`,
    `{"max":1,}`,
    `[1,2,]`,
    `{max:1}`,
    `{'max':1}`,
    `{"max":01}`,
    `{"max":+1}`,
    `{"max":.5}`,
    `{"max":1.}`,
    `{"max":NaN}`,
    `{"max":Infinity}`,
    `{"a":"tab\tinside"}`,
    `{"a":"\\x41"}`,
    `{"a":"\\u12"}`,
    `{"a":1} {"b":2}`,
    `{"a":1}x`,
    `\ufeff{"a":1}`,
    `{"a":tru}`,
    `{"a" 1}`,
    `[1 2]`,
    `"unterminated`,
  ])("%j", (text) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(() => parseStrictJson(text)).toThrow(JsonBodyError);
  });

  it("refuses nesting beyond the limit instead of overflowing the stack", () => {
    const deep = "[".repeat(100_000) + "]".repeat(100_000);
    expect(() => parseStrictJson(deep)).toThrow(/nested deeper than 64 levels/);
    expect(parseStrictJson("[".repeat(64) + "]".repeat(64))).toBeInstanceOf(Array);
  });
});

describe("onNumber sees each number as written, with its path", () => {
  it("reports raw literals, also behind escaped keys", () => {
    const seen: [JsonPath, string][] = [];
    parseStrictJson(`{"mode":"temporary","m\\u0061x":1e6,"hashsize":524288.0,"n":[1,-0]}`, { onNumber: (p, raw) => seen.push([p, raw]) });
    expect(seen).toEqual([
      [["max"], "1e6"],
      [["hashsize"], "524288.0"],
      [["n", 0], "1"],
      [["n", 1], "-0"],
    ]);
  });
});
