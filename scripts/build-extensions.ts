// Builds the app's admin UI extensions (extensions/*/shopify.extension.toml) as Shopify CLI does
// (docs/decisions/121): type-checks each with its own tsconfig (Preact JSX, the `shopify` global
// per target from shopify.d.ts), then bundles each of its [[extensions]] with esbuild into
// dist/<handle>.js from a generated entry that registers each target's module with
// `shopify.extend(target, …)`, the
// CLI's options (bundle, automatic JSX, es6 target, minified, no legal comments, NODE_ENV). Shopify
// admin, or the emulator's stand-in (emulator/src/extensions-host.ts), runs that file.
// Exits non-zero on a type or bundling error: `npm test` runs it.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { build } from "esbuild";
import { parse } from "smol-toml";

interface Targeting {
  target: string;
  module: string;
}
export interface ExtensionEntry {
  handle: string;
  name: string;
  type: string;
  targeting: Targeting[];
}
export interface ExtensionToml {
  api_version?: string;
  extensions: ExtensionEntry[];
}

const root = path.resolve(import.meta.dirname, "..");
const require = createRequire(import.meta.url);

export function extensionDirs(base = path.join(root, "extensions")): string[] {
  if (!existsSync(base)) return [];
  return readdirSync(base, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(path.join(base, d.name, "shopify.extension.toml")))
    .map((d) => path.join(base, d.name));
}

/** The entry Shopify CLI generates for a ui_extension: each target's module registered by target. */
export function entryOf(extension: ExtensionEntry): string {
  return extension.targeting
    .map((t, i) => `import Target_${i} from ${JSON.stringify(t.module)};shopify.extend(${JSON.stringify(t.target)}, (...args) => Target_${i}(...args));`)
    .join("\n");
}

async function main() {
  let failed = false;
  for (const dir of extensionDirs()) {
    const name = path.basename(dir);
    const toml = parse(readFileSync(path.join(dir, "shopify.extension.toml"), "utf8")) as unknown as ExtensionToml;
    if (existsSync(path.join(dir, "tsconfig.json"))) {
      try {
        execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(dir, "tsconfig.json")], { stdio: "inherit" });
      } catch {
        console.error(`✘ extensions/${name}: type errors`);
        failed = true;
        continue;
      }
    }
    for (const extension of toml.extensions) await bundle(dir, extension).catch(() => (failed = true));
  }
  process.exit(failed ? 1 : 0);
}

async function bundle(dir: string, extension: ExtensionEntry) {
  const { handle } = extension;
  try {
    await build({
      stdin: { contents: entryOf(extension), resolveDir: dir, sourcefile: `${handle}-entry.js`, loader: "js" },
      outfile: path.join(dir, "dist", `${handle}.js`),
      bundle: true,
      jsx: "automatic",
      loader: { ".esnext": "ts", ".js": "jsx" },
      legalComments: "none",
      minify: true,
      target: "es6",
      define: { "process.env.NODE_ENV": JSON.stringify("production") },
      resolveExtensions: [".tsx", ".ts", ".js", ".json", ".esnext", ".mjs"],
      logLevel: "warning",
    });
    console.log(`✔ extensions/${path.basename(dir)} → dist/${handle}.js (${extension.targeting.map((t) => t.target).join(", ")})`);
  } catch (error) {
    console.error(`✘ extensions/${path.basename(dir)}: bundling ${handle} failed`);
    throw error;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) void main();
