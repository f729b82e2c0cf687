/**
 * `npm run build`: bundles the two Lambda entries with esbuild, each as ESM,
 * minified, with a source map beside it for decoding stack traces offline
 * (scripts/decode-stack.ts):
 *
 * - dist/api/handler.mjs, the API, with the OpenAPI document beside it
 *   (openapi.json, which the Lambda serves, so the generator stays out of the
 *   bundle);
 * - dist/web/handler.mjs, the web pages (functions/web/handler.ts), their own
 *   function from the same build, so the pages do not weigh on the API's
 *   bundle (nor the API's routes on theirs).
 *
 * Beside each, the static assets of the one catalogue (asset-catalogue.ts)
 * under hashed names in assets/ with their manifest.json, where the handler
 * reads them (the web function, the hashed names for its links). They stay
 * files, out of the bundle: Swagger UI's script alone is three times the
 * bundle's size limit.
 *
 *   node --import tsx scripts/build.ts                  both, into dist/
 *   node --import tsx scripts/build.ts <outfile>        the API bundle to <outfile>
 *   node --import tsx scripts/build.ts --web <outfile>  the web bundle to <outfile>
 */
import { writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { type BuildOptions, build, type Metafile, type Plugin } from "esbuild";
import { assetSources, BUILT_ASSETS_FOLDER, OPENAPI_FILE } from "../functions/api/asset-catalogue";
import { type AssetManifest, writeAssetFolder } from "../functions/api/http/static-assets";
import { lambdaOpenApiDocument } from "../functions/api/openapi-document";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const LAMBDA_BUNDLE = resolve(root, "dist/api/handler.mjs");
export const WEB_BUNDLE = resolve(root, "dist/web/handler.mjs");

/** ESM bundles that include CommonJS dependencies (the AWS SDK) need `require`. */
export const REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * Zod's main entry re-exports pieces the API never calls: all of its ~50
 * message locales (the API speaks English), its schema compiler and its
 * JSON-Schema importer. They are replaced by stand-ins that keep the export
 * names (and throw if ever called), about 300 KB less.
 */
const unusedZodModules: Record<string, string> = {
  "../locales/index.js": 'export { default as en } from "zod/v4/locales/en.js";',
  "./compile.js": [
    'export const INVALID = Symbol.for("zod.compile.invalid");',
    "const absent = () => { throw new Error('zod compile is not bundled'); };",
    "export class ZodCompileAsyncError extends Error {}",
    "export class ZodCompileUnsupportedError extends Error {}",
    "export const compile = absent, withParser = absent, compileFn = absent;",
  ].join("\n"),
  "./from-json-schema.js":
    "export const fromJSONSchema = () => { throw new Error('zod fromJSONSchema is not bundled'); };",
};

const zodWithoutUnusedModules: Plugin = {
  name: "zod-without-unused-modules",
  setup(esbuild) {
    esbuild.onResolve({ filter: /^\.\.?\/(locales\/index|compile|from-json-schema)\.js$/ }, (args) =>
      args.importer.includes(`${"node_modules"}/zod/`) ? { path: args.path, namespace: "zod-stand-in" } : undefined,
    );
    esbuild.onLoad({ filter: /.*/, namespace: "zod-stand-in" }, (args) => ({
      contents: unusedZodModules[args.path],
      resolveDir: root,
    }));
  },
};

/**
 * zod's JSON-Schema generator, by module: every export throws but the ones
 * kept, which are re-exported from the real module (so only they, and what
 * they use, are bundled).
 */
const zodJsonSchemaModules: Record<string, { keep: string[] }> = {
  "json-schema-processors": { keep: ["aggregateChecks"] },
  "to-json-schema": { keep: [] },
  "json-schema-generator": { keep: [] },
};

/** A stand-in with the real module's export names: the kept ones re-exported from it, the rest throwing. */
async function jsonSchemaStandIn(realPath: string, keep: readonly string[]): Promise<string> {
  const names = Object.keys(await import(pathToFileURL(realPath).href));
  const absent = names.filter((name) => !keep.includes(name));
  return [
    "const absent = () => { throw new Error('zod toJSONSchema is not bundled'); };",
    // create…Method factories run when a schema is made; the methods they return throw. Classes throw when made.
    ...absent.map((name) => {
      if (name.startsWith("create")) return `export const ${name} = () => absent;`;
      if (/^[A-Z]/.test(name)) return `export class ${name} { constructor() { absent(); } }`;
      return `export const ${name} = absent;`;
    }),
    ...(keep.length > 0 ? [`export { ${keep.join(", ")} } from ${JSON.stringify(realPath)};`] : []),
  ].join("\n");
}

/**
 * The OpenAPI document is made at build time (openapi.json beside the bundle,
 * which the Lambda serves), so the code that only produces it stays out of
 * the bundle: @asteasolutions/zod-to-openapi (the generator behind
 * @hono/zod-openapi; its registry, which route registration uses, is kept as
 * a small equivalent) and zod's JSON-Schema generator, which zod's classic
 * schemas reference for `toJSONSchema()`. The stand-ins keep the export names
 * and throw if a generator is ever called (scripts/stand-ins/zod-to-openapi.js
 * for the first); `aggregateChecks`, behind getters such as `minLength` and
 * `isInt`, stays the real one.
 */
const withoutOpenApiGenerators: Plugin = {
  name: "without-openapi-generators",
  setup(esbuild) {
    esbuild.onResolve({ filter: /^@asteasolutions\/zod-to-openapi$/ }, () => ({
      path: resolve(root, "scripts/stand-ins/zod-to-openapi.js"),
    }));
    // Relative imports inside zod only; the stand-ins' own re-exports use absolute paths and get the real module.
    esbuild.onResolve(
      { filter: /^\.\.?\/(core\/)?(json-schema-processors|to-json-schema|json-schema-generator)\.js$/ },
      (args) =>
        args.importer.includes(`${"node_modules"}/zod/`)
          ? { path: join(args.resolveDir, args.path), namespace: "zod-json-schema-stand-in" }
          : undefined,
    );
    esbuild.onLoad({ filter: /.*/, namespace: "zod-json-schema-stand-in" }, async (args) => ({
      contents: await jsonSchemaStandIn(args.path, zodJsonSchemaModules[basename(args.path, ".js")]?.keep ?? []),
      resolveDir: root,
    }));
  },
};

/**
 * On Lambda, credentials always arrive in environment variables, so the SDK's
 * default chain (ini files, SSO, IMDS, STS clients: about 80 KB) is replaced
 * by the environment provider alone.
 */
const environmentCredentialsOnly: Plugin = {
  name: "environment-credentials-only",
  setup(esbuild) {
    esbuild.onResolve({ filter: /^@aws-sdk\/credential-provider-node$/ }, () => ({
      path: "environment-credentials",
      namespace: "environment-credentials",
    }));
    esbuild.onLoad({ filter: /.*/, namespace: "environment-credentials" }, () => ({
      contents: [
        'import { fromEnv } from "@aws-sdk/credential-provider-env";',
        "export const defaultProvider = (init) => fromEnv(init);",
        "export const credentialsWillNeedRefresh = () => false;",
        "export const credentialsTreatedAsExpired = () => false;",
      ].join("\n"),
      resolveDir: root,
    }));
  },
};

/**
 * The esbuild settings of the Lambda bundle, for any entry: the benchmarks
 * build their baseline with exactly these too.
 */
export function lambdaBuildOptions(entryPoint: string, outfile: string) {
  return {
    entryPoints: [entryPoint],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    minify: true,
    sourcemap: true,
    // Mappings only: decoding a trace needs file and line, and the sources are in git at that commit.
    sourcesContent: false,
    metafile: true,
    mainFields: ["module", "main"],
    banner: { js: REQUIRE_BANNER },
    // The pages are Hono JSX (as tsconfig.json says for the type checker).
    jsx: "automatic",
    jsxImportSource: "hono/jsx",
    legalComments: "none",
    plugins: [zodWithoutUnusedModules, withoutOpenApiGenerators, environmentCredentialsOnly],
    logLevel: "warning",
  } satisfies BuildOptions;
}

export async function buildLambda(outfile = LAMBDA_BUNDLE, options = { metafile: true }) {
  const result = await build(lambdaBuildOptions(resolve(root, "functions/api/handler.ts"), outfile));
  // For size analysis (npm run bench); the deployed asset leaves it out.
  if (options.metafile) writeFileSync(`${outfile}.meta.json`, JSON.stringify(result.metafile));
  const assets = copyStaticAssets(dirname(outfile));
  writeFileSync(join(dirname(outfile), OPENAPI_FILE), await lambdaOpenApiDocument());
  return { ...result, assets };
}

/** The web pages' bundle (functions/web/handler.ts), with the same assets beside it; no OpenAPI document. */
export async function buildWebLambda(outfile = WEB_BUNDLE, options = { metafile: true }) {
  const result = await build(lambdaBuildOptions(resolve(root, "functions/web/handler.ts"), outfile));
  if (options.metafile) writeFileSync(`${outfile}.meta.json`, JSON.stringify(result.metafile));
  const assets = copyStaticAssets(dirname(outfile));
  return { ...result, assets };
}

/** The entry bundle's size in bytes, from esbuild's metafile. */
export const bundleBytes = (result: { metafile: Metafile }) =>
  Object.values(result.metafile.outputs).find((output) => output.entryPoint)?.bytes ?? 0;

/** The app's static assets into `<folder>/assets/`, beside the bundle; returns their hashed names. */
export function copyStaticAssets(folder: string): AssetManifest {
  return writeAssetFolder(assetSources, root, join(folder, BUILT_ASSETS_FOLDER));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const report = (outfile: string, result: { metafile: Metafile; assets: AssetManifest }) =>
    console.log(
      `Built ${outfile} (${(bundleBytes(result) / 1024).toFixed(0)} KB) and ${Object.keys(result.assets).length} assets`,
    );
  const [first, second] = process.argv.slice(2);
  if (first === "--web") {
    if (!second) throw new Error("Usage: scripts/build.ts --web <outfile>");
    const outfile = resolve(second);
    report(outfile, await buildWebLambda(outfile, { metafile: outfile === WEB_BUNDLE }));
  } else if (first) {
    const outfile = resolve(first);
    report(outfile, await buildLambda(outfile, { metafile: outfile === LAMBDA_BUNDLE }));
  } else {
    report(LAMBDA_BUNDLE, await buildLambda());
    report(WEB_BUNDLE, await buildWebLambda());
  }
}
