/** The council pages. */
import { Hono } from "hono";
import type { WebEnv } from "../context";
import type { PageDeps } from "../page-deps";

export function councilPages(_deps: PageDeps) {
  const app = new Hono<WebEnv>();
  return app;
}
