/**
 * "Mine data" for everyone signed in: the profile (GET /me and PATCH /me as
 * a page and a form), the export as a file (the same document as
 * GET /me/export), and for students the erasure (DELETE /me) behind a page
 * that says what happens and an explicit tick. The confirmation after an
 * erasure is public (`erasedPages`): the student is signed out by then.
 */
import { Hono } from "hono";
import { profilePatchSchema } from "#domain/accounts/model";
import { todayIn } from "#domain/common/dates";
import { VersionMismatch } from "#shared/errors";
import type { WebEnv } from "../context";
import { readForm, ticked } from "../forms";
import { allowRoles, clearSessionCookie } from "../middleware";
import type { PageDeps } from "../page-deps";
import { paths } from "../paths";
import { CONFIRM_FIELD, erasedPage, erasePage } from "./privacy/erase";
import { myDataPage, profileErrors, profileFrom, versionFrom } from "./privacy/my-data";

export function privacyPages(deps: PageDeps) {
  const app = new Hono<WebEnv>();
  const { services } = deps;
  const anyone = allowRoles("student", "institution", "council", "admin");
  // Staff accounts are managed by admins: only students erase their own.
  const student = allowRoles("student");

  app.get("/my-data", anyone, (c) => myDataPage(c, deps));

  app.post("/my-data", anyone, async (c) => {
    const { t } = c.get("speech");
    const form = await readForm(c);
    const typed = { name: form.name?.[0] ?? "", email: form.email?.[0] ?? "" };
    const parsed = profilePatchSchema.safeParse(profileFrom(form));
    if (!parsed.success) {
      return myDataPage(c, deps, { form: typed, errors: profileErrors(t, parsed.error), status: 400 });
    }
    try {
      await services.accounts.updateProfile(c.get("principal"), parsed.data, versionFrom(form));
    } catch (error) {
      if (!(error instanceof VersionMismatch)) throw error;
      return myDataPage(c, deps, { changed: true, status: 409 });
    }
    return c.redirect(`${paths.myData}?done=saved`, 303);
  });

  app.get("/my-data/export", anyone, async (c) => {
    const document = await services.privacy.export(c.get("principal"));
    c.header("Content-Disposition", `attachment; filename="praktikbolig-${todayIn(services.clock)}.json"`);
    return c.json(document, 200);
  });

  app.get("/my-data/erase", student, (c) => erasePage(c, deps));

  app.post("/my-data/erase", student, async (c) => {
    const { t } = c.get("speech");
    if (!ticked(await readForm(c), CONFIRM_FIELD)) {
      return erasePage(c, deps, { errors: { [CONFIRM_FIELD]: t.privacy.erase.confirmRequired }, status: 400 });
    }
    // Ends every session of the student, this one too; the browser forgets its cookie.
    await services.privacy.erase(c.get("principal"));
    clearSessionCookie(c);
    return c.redirect(paths.dataErased, 303);
  });

  return app;
}

/** The pages of the erasure that need no session. */
export function erasedPages() {
  const app = new Hono<WebEnv>();
  app.get(paths.dataErased, (c) => erasedPage(c));
  return app;
}
