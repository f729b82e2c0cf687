/**
 * GET /docs: interactive API docs. Swagger UI and everything the page loads
 * come from this app's own /assets, so the page works without internet and
 * its CSP names no other origin.
 */
import { Hono } from "hono";
import { DOCS_ASSETS } from "../asset-catalogue";
import type { AppEnv } from "../http/context";
import type { StaticAssets } from "../http/static-assets";

const DOCS_TITLE = "Praktikbolig API";

/**
 * The page's own CSP, in place of the API's `default-src 'none'`: Swagger UI's
 * files from this app's /assets, calls to this API, nothing inline but the
 * styles Swagger UI sets from script, no other origin.
 */
export const DOCS_PAGE_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

function docsPage(assets: StaticAssets): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${DOCS_TITLE} – documentation</title>
<link rel="icon" type="image/png" href="${assets.url(DOCS_ASSETS.icon)}">
<link rel="stylesheet" href="${assets.url(DOCS_ASSETS.swaggerStyles)}">
<link rel="stylesheet" href="${assets.url(DOCS_ASSETS.pageStyles)}">
<script src="${assets.url(DOCS_ASSETS.swaggerScript)}" defer></script>
<script src="${assets.url(DOCS_ASSETS.pageScript)}" defer></script>
</head>
<body>
<div id="swagger-ui" data-openapi-url="/openapi.json">
<noscript><p>The interactive docs need JavaScript. The API is described in <a href="/openapi.json">/openapi.json</a>.</p></noscript>
</div>
</body>
</html>
`;
}

export function docsRoutes(assets: StaticAssets) {
  const app = new Hono<AppEnv>();
  const page = docsPage(assets);
  app.get("/docs", (c) => c.html(page, 200, { "Content-Security-Policy": DOCS_PAGE_CSP }));
  return app;
}
