/**
 * Errors as pages: the domain's errors become the page a user understands,
 * with the status the API would give. A 5xx shows only the request id.
 */
import type { Context } from "hono";
import { DomainError } from "#shared/errors";
import type { PageProps, WebEnv } from "../context";
import { CrossSiteRequest } from "../middleware";
import { paths } from "../paths";

type ErrorPage = "notFound" | "forbidden" | "conflict" | "expiredForm" | "error";

const byDomainKind: Record<string, [ErrorPage, NonNullable<PageProps["status"]>]> = {
  forbidden: ["forbidden", 403],
  "not-found": ["notFound", 404],
  validation: ["notFound", 404],
  conflict: ["conflict", 409],
  "version-mismatch": ["conflict", 409],
  "idempotency-key-reused": ["conflict", 409],
  "idempotency-in-progress": ["conflict", 409],
};

function renderError(c: Context<WebEnv>, page: ErrorPage, status: NonNullable<PageProps["status"]>) {
  const { t } = c.get("speech");
  const text = page === "error" ? t.pages.error.text(c.get("requestId")) : t.pages[page].text;
  return c.render(
    <>
      <h1>{t.pages[page].title}</h1>
      <p class="font-lead">{text}</p>
      <p>
        <a href={c.get("session") ? paths.home : paths.start}>{t.pages.goHome}</a>
      </p>
    </>,
    { title: t.pages[page].title, status },
  );
}

export const notFoundPage = (c: Context<WebEnv>) => renderError(c, "notFound", 404);

/** Hono's onError for pages. */
export function errorPage(error: Error, c: Context<WebEnv>) {
  if (error instanceof CrossSiteRequest) return renderError(c, "expiredForm", 403);
  if (error instanceof DomainError) {
    if (error.kind === "unauthenticated") return c.redirect(paths.signIn, 303);
    const [page, status] = byDomainKind[error.kind] ?? ["error", 500];
    return renderError(c, page, status);
  }
  c.get("logger").error("Unhandled page error", {
    requestId: c.get("requestId"),
    errorName: error.name,
    stack: error.stack,
  });
  return renderError(c, "error", 500);
}
