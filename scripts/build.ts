/**
 * `npm run build`: bundles the Lambda entry with esbuild into
 * dist/api/handler.mjs (ESM, minified, with a source map), the same settings
 * CDK's NodejsFunction uses on deploy, and copies the static assets the app
 * serves (Swagger UI for /docs) under hashed names into dist/api/assets/,
 * where the handler reads them. They stay files, out of the bundle: Swagger
 * UI's script alone is three times the bundle's size limit.
 */
import { writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";
import { assetSources, BUILT_ASSETS_FOLDER } from "../functions/api/asset-catalogue";
import { type AssetManifest, writeAssetFolder } from "../functions/api/http/static-assets";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const LAMBDA_BUNDLE = resolve(root, "dist/api/handler.mjs");

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

export async function buildLambda(outfile = LAMBDA_BUNDLE, options = { metafile: true }) {
  const result = await build({
    entryPoints: [resolve(root, "functions/api/handler.ts")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    minify: true,
    sourcemap: true,
    metafile: true,
    mainFields: ["module", "main"],
    banner: { js: REQUIRE_BANNER },
    legalComments: "none",
    plugins: [zodWithoutUnusedModules, environmentCredentialsOnly],
    logLevel: "warning",
  });
  // For size analysis (npm run bench); the deployed asset leaves it out.
  if (options.metafile) writeFileSync(`${outfile}.meta.json`, JSON.stringify(result.metafile));
  const assets = copyStaticAssets(dirname(outfile));
  return { ...result, assets };
}

/** The app's static assets into `<folder>/assets/`, beside the bundle; returns their hashed names. */
export function copyStaticAssets(folder: string): AssetManifest {
  return writeAssetFolder(assetSources, root, join(folder, BUILT_ASSETS_FOLDER));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outfile = process.argv[2] ? resolve(process.argv[2]) : LAMBDA_BUNDLE;
  const result = await buildLambda(outfile, { metafile: outfile === LAMBDA_BUNDLE });
  const bytes = Object.values(result.metafile.outputs).find((output) => output.entryPoint)?.bytes ?? 0;
  console.log(`Built ${outfile} (${(bytes / 1024).toFixed(0)} KB) and ${Object.keys(result.assets).length} assets`);
}
