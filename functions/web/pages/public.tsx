/** Pages anyone may open: the start page, the accessibility statement, the language switch. */
import { Hono } from "hono";
import type { WebEnv } from "../context";
import { isLang } from "../i18n";
import { rememberLanguage } from "../middleware";
import { paths, safeReturnPath } from "../paths";

export function publicPages() {
  const app = new Hono<WebEnv>();

  app.get(paths.start, (c) => {
    const { t } = c.get("speech");
    const signedIn = c.get("session") !== undefined;
    return c.render(
      <>
        <h1>{t.start.title}</h1>
        <p class="font-lead">{t.start.lead}</p>
        <p>
          <a class="button button-primary" href={signedIn ? paths.home : paths.signIn}>
            {signedIn ? t.start.goToApp : t.signIn}
          </a>
        </p>
        <h2>{t.start.howTitle}</h2>
        <ol>
          {t.start.how.map((step) => (
            <li>{step}</li>
          ))}
        </ol>
        <h2>{t.start.staffTitle}</h2>
        <p>{t.start.staffText}</p>
      </>,
      { title: t.start.title },
    );
  });

  app.get(paths.accessibility, (c) => {
    const { t } = c.get("speech");
    const a = t.accessibility;
    return c.render(
      <>
        <h1>{a.title}</h1>
        <p class="font-lead">{a.intro}</p>
        <h2>{a.statusTitle}</h2>
        <p>{a.status}</p>
        <h2>{a.knownTitle}</h2>
        <p>{a.known}</p>
        <h2>{a.contactTitle}</h2>
        <p>{a.contact}</p>
        <h2>{a.preparedTitle}</h2>
        <p>{a.prepared}</p>
      </>,
      { title: a.title },
    );
  });

  /** A link, not a form: switching language changes nothing but a cookie, and works without JavaScript. */
  app.get(paths.language, (c) => {
    const to = c.req.query("to");
    if (isLang(to)) rememberLanguage(c, to);
    return c.redirect(safeReturnPath(c.req.query("back"), paths.start), 303);
  });

  return app;
}
