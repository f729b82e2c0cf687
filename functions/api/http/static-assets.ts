/**
 * Static files the app serves itself, never from a CDN: each under a
 * content-hashed name (`/assets/swagger-ui.3f2a1b9c.css`), so a browser may
 * keep it for a year and a changed file is a new URL.
 *
 * Two sources, one behaviour. The build (scripts/build.ts) copies the files
 * next to the Lambda bundle with a manifest of their hashed names, and the
 * Lambda reads them from there. Run from source (npm start, tests), they are
 * read from node_modules and the project and hashed at start.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, dirname, extname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { Hono } from "hono";
import type { AppEnv } from "./context";
import { notFoundProblem } from "./problems";

const ASSET_URL_PREFIX = "/assets/";
const MANIFEST_FILE = "manifest.json";
const IMMUTABLE = "public, max-age=31536000, immutable";

export interface AssetSource {
  /** The name pages ask for, e.g. `swagger-ui.css`. */
  readonly name: string;
  /**
   * Where the file is, resolved as `require.resolve` would from the project root:
   * a package file (`swagger-ui-dist/swagger-ui.css`) or a project file (`./functions/…`).
   */
  readonly from: string;
  /**
   * A stylesheet whose `url(…)` references (icons, fonts) become assets of
   * their own, named `<prefix><file name>`, and are rewritten to their hashed
   * URLs; font faces keep only their woff2 source, which every browser the
   * app supports reads.
   */
  readonly stylesheetReferences?: { prefix: string };
}

/** Asset name → hashed file name, as the build writes it. */
export type AssetManifest = Record<string, string>;

const contentTypes: Record<string, string> = {
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
};
// Images other than SVG and fonts are compressed already.
const compressible = new Set([".css", ".js", ".svg"]);

function contentTypeOf(fileName: string): string {
  const type = contentTypes[extname(fileName)];
  if (!type) throw new Error(`No content type known for the asset ${fileName}`);
  return type;
}

/** `swagger-ui.css` → `swagger-ui.<first 8 hex digits of its SHA-256>.css` */
function hashedFileName(name: string, content: Uint8Array): string {
  const hash = createHash("sha256").update(content).digest("hex").slice(0, 8);
  const extension = extname(name);
  return `${name.slice(0, name.length - extension.length)}.${hash}${extension}`;
}

interface ReadAsset {
  name: string;
  fileName: string;
  content: Uint8Array;
}

const readAsset = (name: string, content: Uint8Array): ReadAsset => {
  contentTypeOf(name);
  return { name, fileName: hashedFileName(name, content), content };
};

/** Only the woff2 entry of each font face's `src` list, where it has one. */
function woff2Only(css: string): string {
  return css.replace(/@font-face\{[^}]*\}/g, (face) =>
    face.replace(/src:[^;}]*/g, (src) => {
      const woff2 = /url\([^)]*\.woff2\)\s*format\(["']woff2["']\)/.exec(src);
      return woff2 ? `src:${woff2[0]}` : src;
    }),
  );
}

/** A stylesheet with its relative references as hashed assets; the source map comment goes (no map is served). */
function stylesheetWithReferences(name: string, path: string, prefix: string): ReadAsset[] {
  const referenced = new Map<string, ReadAsset>();
  const css = woff2Only(readFileSync(path, "utf8"))
    .replace(/\/\*# sourceMappingURL=[^*]*\*\//g, "")
    .replace(/url\((["']?)([^)"']+)\1\)/g, (whole, _quote: string, reference: string) => {
      if (/^(data:|[a-z]+:|\/|#)/i.test(reference)) return whole;
      const file = join(dirname(path), reference.replace(/[?#].*$/, ""));
      let asset = referenced.get(file);
      if (!asset) {
        asset = readAsset(`${prefix}${basename(file)}`, readFileSync(file));
        const clash = [...referenced.values()].find((other) => other.name === asset?.name);
        if (clash) throw new Error(`Two files of ${name} would both be the asset ${asset.name}`);
        referenced.set(file, asset);
      }
      return `url(${ASSET_URL_PREFIX}${asset.fileName})`;
    });
  return [readAsset(name, Buffer.from(css)), ...referenced.values()];
}

function readSources(sources: readonly AssetSource[], projectRoot: string): ReadAsset[] {
  const resolve = createRequire(join(projectRoot, "package.json")).resolve;
  return sources.flatMap((source) => {
    const path = resolve(source.from);
    if (source.stylesheetReferences) {
      return stylesheetWithReferences(source.name, path, source.stylesheetReferences.prefix);
    }
    return [readAsset(source.name, readFileSync(path))];
  });
}

/** The build's half: the hashed files and their manifest into `folder`, replacing what was there. */
export function writeAssetFolder(sources: readonly AssetSource[], projectRoot: string, folder: string): AssetManifest {
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  const manifest: AssetManifest = {};
  for (const asset of readSources(sources, projectRoot)) {
    writeFileSync(join(folder, asset.fileName), asset.content);
    manifest[asset.name] = asset.fileName;
  }
  writeFileSync(join(folder, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  return manifest;
}

type Bytes = Uint8Array<ArrayBuffer>;

export interface AssetFile {
  readonly body: Bytes;
  readonly contentType: string;
  /** The body gzipped, for text formats. */
  readonly gzipped?: Bytes;
}

export interface StaticAssets {
  /** The URL of an asset by its name. */
  url(name: string): string;
  /** The file behind a hashed file name, if it is one of ours. */
  file(fileName: string): AssetFile | undefined;
}

export interface LoadAssetsOptions {
  readonly sources: readonly AssetSource[];
  /** Where a build put the files; used when it holds a manifest. */
  readonly builtFolder: string;
  /** Where to resolve the sources from otherwise. */
  readonly projectRoot: string;
}

function assetFile(fileName: string, content: Uint8Array): AssetFile {
  return {
    body: new Uint8Array(content),
    contentType: contentTypeOf(fileName),
    gzipped: compressible.has(extname(fileName)) ? new Uint8Array(gzipSync(content)) : undefined,
  };
}

export function loadStaticAssets(options: LoadAssetsOptions): StaticAssets {
  const manifestPath = join(options.builtFolder, MANIFEST_FILE);
  const built = existsSync(manifestPath);
  const manifest: AssetManifest = {};
  const contents = new Map<string, Uint8Array>();
  if (built) {
    Object.assign(manifest, JSON.parse(readFileSync(manifestPath, "utf8")) as AssetManifest);
    const missing = options.sources.filter((source) => !manifest[source.name]).map((source) => source.name);
    if (missing.length > 0) throw new Error(`The built assets lack ${missing.join(", ")}: rebuild`);
  } else {
    for (const asset of readSources(options.sources, options.projectRoot)) {
      manifest[asset.name] = asset.fileName;
      contents.set(asset.fileName, asset.content);
    }
  }
  const served = new Set(Object.values(manifest));
  // Read and compressed on first request, then kept: a Lambda instance pays for each file once.
  const files = new Map<string, AssetFile>();

  return {
    url(name) {
      const fileName = manifest[name];
      if (!fileName) throw new Error(`No asset named ${name}`);
      return `${ASSET_URL_PREFIX}${fileName}`;
    },
    file(fileName) {
      if (!served.has(fileName)) return undefined;
      let file = files.get(fileName);
      if (!file) {
        file = assetFile(fileName, contents.get(fileName) ?? readFileSync(join(options.builtFolder, fileName)));
        files.set(fileName, file);
      }
      return file;
    },
  };
}

const acceptsGzip = (acceptEncoding: string | undefined) => /\bgzip\b/i.test(acceptEncoding ?? "");

/** GET /assets/<hashed name>: the file, cached for a year; any other name is a 404 problem. */
export function staticAssetRoutes(assets: StaticAssets) {
  const app = new Hono<AppEnv>();
  app.get(`${ASSET_URL_PREFIX}:file`, (c) => {
    const file = assets.file(c.req.param("file"));
    if (!file) return notFoundProblem(c);
    const headers: Record<string, string> = { "Content-Type": file.contentType, "Cache-Control": IMMUTABLE };
    if (!file.gzipped) return c.body(file.body, 200, headers);
    headers.Vary = "Accept-Encoding";
    if (!acceptsGzip(c.req.header("accept-encoding"))) return c.body(file.body, 200, headers);
    return c.body(file.gzipped, 200, { ...headers, "Content-Encoding": "gzip" });
  });
  return app;
}
