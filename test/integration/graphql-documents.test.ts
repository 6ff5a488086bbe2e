import fs from "node:fs";
import path from "node:path";
import { parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { adminSchema } from "../../emulator/src/schema";

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "types" ? [] : sourceFiles(full);
    return /\.(ts|tsx)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [full] : [];
  });
}

/** Every `#graphql` template literal in app/: the documents the app can send to Shopify. */
function documentsInApp() {
  const found: { file: string; source: string }[] = [];
  for (const file of sourceFiles("app")) {
    for (const match of fs.readFileSync(file, "utf8").matchAll(/`#graphql([\s\S]*?)`/g)) {
      if (match[1]!.includes("${")) throw new Error(`${file}: interpolation in a GraphQL document defeats validation`);
      found.push({ file, source: match[1]! });
    }
  }
  return found;
}

describe("GraphQL documents", () => {
  const documents = documentsInApp();

  it("the app sends at least the documents we know of", () => {
    expect(documents.length).toBeGreaterThan(0);
  });

  it.each(documents.map((d) => [`${d.file}: ${/(query|mutation)\s+(\w+)/.exec(d.source)?.[2] ?? "anonymous"}`, d.source]))(
    "%s validates against the vendored Admin 2026-10 schema",
    (_name, source) => {
      const errors = validate(adminSchema(), parse(source));
      expect(errors.map((e) => e.message)).toEqual([]);
    },
  );

  it("every operation is named (codegen types them by name)", () => {
    for (const d of documents) expect(d.source).toMatch(/(query|mutation)\s+\w+/);
  });
});
