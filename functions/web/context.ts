/** What each page request carries through the web app's middleware. */
import type { Principal } from "#auth/principal";
import type { Session } from "#auth/sessions";
import type { AppLogger } from "../api/http/context";
import type { Speech } from "./i18n";

export type WebEnv = {
  Variables: {
    requestId: string;
    logger: AppLogger;
    /** The page's language, words and formatters. */
    speech: Speech;
    /** The CSP nonce of this answer's script tags. */
    nonce: string;
    session?: Session;
    /** Set on every page behind sign-in. */
    principal: Principal;
  };
};

declare module "hono" {
  interface ContextRenderer {
    // biome-ignore lint/style/useShorthandFunctionType: hono's renderer type is declared as an interface to merge into
    (content: string | Promise<string>, props: PageProps): Response | Promise<Response>;
  }
}

/** What a page hands the layout besides its content. */
export interface PageProps {
  /** The page's own title; the layout adds the site's name. */
  title: string;
  /** The HTTP status of the answer (200 unless an error or a form with errors). */
  status?: 200 | 400 | 403 | 404 | 409 | 500;
}
