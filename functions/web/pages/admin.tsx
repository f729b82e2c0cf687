/** The admin pages. */
import { Hono } from "hono";
import type { WebEnv } from "../context";
import type { PageDeps } from "../page-deps";

export function adminPages(_deps: PageDeps) {
  const app = new Hono<WebEnv>();
  return app;
}
