/**
 * The frame of every page: DKFDS header with the site's name, the signed-in
 * user and sign-out, the language switch, the role's menu, and the footer
 * with the accessibility statement. Scripts carry the answer's CSP nonce.
 */
import type { Context } from "hono";
import type { Child } from "hono/jsx";
import type { Principal } from "#auth/principal";
import type { StaticAssets } from "../api/http/static-assets";
import { ActionForm } from "./components/form";
import type { PageProps, WebEnv } from "./context";
import type { Messages } from "./i18n";
import { paths } from "./paths";

export const WEB_ASSETS = {
  styles: "dkfds.css",
  script: "dkfds.js",
  pageStyles: "praktikbolig.css",
  pageScript: "praktikbolig.js",
  icon: "docs-icon.png",
} as const;

interface MenuItem {
  href: string;
  label: string;
}

function menuFor(principal: Principal | undefined, t: Messages): MenuItem[] {
  switch (principal?.role) {
    case "student":
      return [
        { href: paths.housing, label: t.nav.housing },
        { href: paths.newRequest, label: t.nav.newRequest },
        { href: paths.rooms, label: t.nav.rooms },
        { href: paths.myData, label: t.nav.myData },
      ];
    case "institution":
      return [
        { href: paths.listings, label: t.nav.listings },
        { href: paths.newListing, label: t.nav.newListing },
      ];
    case "council":
      return [
        { href: paths.reviews, label: t.nav.reviews },
        { href: paths.listings, label: t.nav.listings },
        { href: paths.newListing, label: t.nav.newListing },
        { href: paths.demand, label: t.nav.demand },
        { href: paths.stats, label: t.nav.stats },
      ];
    case "admin":
      return [
        { href: paths.organizations, label: t.nav.organizations },
        { href: paths.rooms, label: t.nav.rooms },
        { href: paths.stats, label: t.nav.stats },
      ];
    default:
      return [];
  }
}

/** The menu item the current path falls under: the longest matching prefix. */
function currentItem(items: MenuItem[], path: string): MenuItem | undefined {
  return items
    .filter((item) => path === item.href || path.startsWith(`${item.href}/`))
    .sort((a, b) => b.href.length - a.href.length)[0];
}

export function createLayout(assets: StaticAssets) {
  return function Layout({ children, title, status }: { children?: Child } & PageProps, c: Context<WebEnv>) {
    // A page with an error, or a form sent back with errors, says so in its status too.
    if (status) c.status(status);
    const { lang, t } = c.get("speech");
    const nonce = c.get("nonce");
    const session = c.get("session");
    const principal = session?.principal;
    const path = c.req.path;
    const here = `${path}${new URL(c.req.url).search}`;
    const other = lang === "da" ? "en" : "da";
    const items = menuFor(principal, t);
    const current = currentItem(items, path);
    return (
      <html lang={lang}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${title} – ${t.siteName}`}</title>
          <link rel="icon" href={assets.url(WEB_ASSETS.icon)} />
          <link rel="stylesheet" href={assets.url(WEB_ASSETS.styles)} />
          <link rel="stylesheet" href={assets.url(WEB_ASSETS.pageStyles)} />
          <script src={assets.url(WEB_ASSETS.script)} nonce={nonce} defer />
          <script src={assets.url(WEB_ASSETS.pageScript)} nonce={nonce} defer />
        </head>
        <body>
          <a href="#main-content" class="skipnav">
            {t.skipLink}
          </a>
          <header class="header">
            <div class="portal-info">
              <div class="portal-info-inner container">
                <a href={principal ? paths.home : paths.start} class="site-logo">
                  {t.siteName}
                </a>
                <div class="portal-user">
                  <a
                    class="function-link language-link"
                    href={`${paths.language}?to=${other}&back=${encodeURIComponent(here)}`}
                    lang={other}
                    hreflang={other}
                    aria-label={t.switchLanguageLabel}
                  >
                    {t.switchLanguage}
                  </a>
                  {principal && session ? (
                    <>
                      <p class="user">{t.signedInAs(t.roles[principal.role])}</p>
                      {/* Students have it in their menu; staff and admins find their own data here. */}
                      {principal.role === "student" ? null : (
                        <a
                          class="function-link"
                          href={paths.myData}
                          aria-current={path === paths.myData ? "page" : undefined}
                        >
                          {t.nav.myData}
                        </a>
                      )}
                      <ActionForm action={paths.signOut} csrf={session.csrfToken} class="sign-out">
                        <button type="submit" class="function-link log-off">
                          {t.signOut}
                        </button>
                      </ActionForm>
                    </>
                  ) : (
                    <a class="function-link" href={paths.signIn}>
                      {t.signIn}
                    </a>
                  )}
                </div>
              </div>
            </div>
            <div class="solution-info">
              <div class="solution-info-inner container">
                <div class="solution-heading">
                  <a href={paths.start}>{t.siteTagline}</a>
                </div>
              </div>
            </div>
            {items.length > 0 ? (
              <nav class="site-menu" aria-label={t.mainMenu}>
                <ul class="container no-max-width">
                  {items.map((item) => (
                    <li>
                      <a href={item.href} aria-current={item === current ? "page" : undefined}>
                        {item.label}
                      </a>
                    </li>
                  ))}
                </ul>
              </nav>
            ) : null}
          </header>
          <main class="container page-container" id="main-content" tabindex={-1}>
            {children}
          </main>
          <footer class="site-footer">
            <div class="container">
              <p>{t.authority}</p>
              <ul class="nobullet-list">
                <li>
                  <a href={paths.accessibility}>{t.footerAccessibility}</a>
                </li>
                <li>
                  <a href="/docs">{t.footerApi}</a>
                </li>
              </ul>
            </div>
          </footer>
        </body>
      </html>
    );
  };
}
