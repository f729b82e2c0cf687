/**
 * Every static asset the app serves, by name, and where its file comes from.
 * The build copies exactly these next to the Lambda bundle; a page links one
 * with `assets.url(name)`.
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type AssetSource, loadStaticAssets, type StaticAssets } from "./http/static-assets";

/** The docs page: Swagger UI from its npm package, and the page's own start script and styles. */
export const DOCS_ASSETS = {
  swaggerStyles: "swagger-ui.css",
  swaggerScript: "swagger-ui-bundle.js",
  pageStyles: "docs-page.css",
  pageScript: "docs-page.js",
  icon: "docs-icon.png",
} as const;

/** The web pages: Det Fælles Designsystem from its npm package, and the app's own small additions. */
export const WEB_ASSET_SOURCES: readonly AssetSource[] = [
  // The package exports only its script, so its other files are named by their place in node_modules.
  {
    name: "dkfds.css",
    from: "./node_modules/dkfds/dist/css/dkfds.min.css",
    stylesheetReferences: { prefix: "dkfds-" },
  },
  { name: "dkfds.js", from: "./node_modules/dkfds/dist/js/dkfds.min.js" },
  { name: "praktikbolig.css", from: "./functions/web/static/praktikbolig.css" },
  { name: "praktikbolig.js", from: "./functions/web/static/praktikbolig.js" },
];

export const assetSources: readonly AssetSource[] = [
  ...WEB_ASSET_SOURCES,
  { name: DOCS_ASSETS.swaggerStyles, from: "swagger-ui-dist/swagger-ui.css" },
  { name: DOCS_ASSETS.swaggerScript, from: "swagger-ui-dist/swagger-ui-bundle.js" },
  { name: DOCS_ASSETS.pageStyles, from: "./functions/api/static/docs-page.css" },
  { name: DOCS_ASSETS.pageScript, from: "./functions/api/static/docs-page.js" },
  { name: DOCS_ASSETS.icon, from: "swagger-ui-dist/favicon-32x32.png" },
];

/** The folder the build writes the assets to, beside the bundle. */
export const BUILT_ASSETS_FOLDER = "assets";

/** The OpenAPI document the build writes beside the bundle (openapi-document.ts), which the Lambda serves. */
export const OPENAPI_FILE = "openapi.json";

let loaded: StaticAssets | undefined;

/**
 * In the Lambda bundle this module is part of handler.mjs, so the folder beside
 * it is the build's; run from source there is none, and the files are read
 * from the project (functions/api/ is two levels below its root).
 */
export function appAssets(): StaticAssets {
  const here = dirname(fileURLToPath(import.meta.url));
  loaded ??= loadStaticAssets({
    sources: assetSources,
    builtFolder: join(here, BUILT_ASSETS_FOLDER),
    projectRoot: join(here, "../.."),
  });
  return loaded;
}
