/**
 * `npm run build`: bundles the Lambda entry with esbuild into
 * dist/api/handler.mjs (ESM, minified, with a source map), the same settings
 * CDK's NodejsFunction uses on deploy.
 */
import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const LAMBDA_BUNDLE = resolve(root, "dist/api/handler.mjs");

/** ESM bundles that include CommonJS dependencies (the AWS SDK) need `require`. */
export const REQUIRE_BANNER = "import { createRequire } from 'module'; const require = createRequire(import.meta.url);";

/**
 * Zod re-exports all of its ~50 message locales (about 250 KB minified) from
 * its main entry; the API speaks English only, so the bundle keeps `en`.
 */
const englishZodMessagesOnly: Plugin = {
  name: "zod-english-only",
  setup(esbuild) {
    esbuild.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      args.importer.includes(`${"node_modules"}/zod/`)
        ? { path: "zod-locales-en", namespace: "zod-locales-en" }
        : undefined,
    );
    esbuild.onLoad({ filter: /.*/, namespace: "zod-locales-en" }, () => ({
      contents: 'export { default as en } from "zod/v4/locales/en.js";',
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
    plugins: [englishZodMessagesOnly, environmentCredentialsOnly],
    logLevel: "warning",
  });
  // For size analysis (npm run bench); the deployed asset leaves it out.
  if (options.metafile) writeFileSync(`${outfile}.meta.json`, JSON.stringify(result.metafile));
  return result;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const outfile = process.argv[2] ? resolve(process.argv[2]) : LAMBDA_BUNDLE;
  const result = await buildLambda(outfile, { metafile: outfile === LAMBDA_BUNDLE });
  const bytes = Object.values(result.metafile.outputs).find((output) => output.entryPoint)?.bytes ?? 0;
  console.log(`Built ${outfile} (${(bytes / 1024).toFixed(0)} KB)`);
}
