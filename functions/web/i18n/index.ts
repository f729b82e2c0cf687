/**
 * The message catalogues: every word a page shows comes from here, in the
 * page's language. Each area keeps its own file; the English catalogue must
 * have exactly the Danish one's shape (the type checker holds it to that).
 */
import { admin } from "./admin";
import { common } from "./common";
import { council } from "./council";
import { type Formatters, formattersFor } from "./format";
import type { Lang } from "./languages";
import { privacy } from "./privacy";
import { staff } from "./staff";
import { stats } from "./stats";
import { student } from "./student";

export type { Formatters } from "./format";
export type { Lang } from "./languages";
export { DEFAULT_LANG, isLang, LANGS } from "./languages";

function catalogue(lang: Lang) {
  return {
    ...common[lang],
    student: student[lang],
    staff: staff[lang],
    council: council[lang],
    admin: admin[lang],
    stats: stats[lang],
    privacy: privacy[lang],
  };
}

export type Messages = ReturnType<typeof catalogue>;

const catalogues: Record<Lang, Messages> = { da: catalogue("da"), en: catalogue("en") };

/** What a page needs to speak: its language, its words and its formatters. */
export interface Speech {
  lang: Lang;
  t: Messages;
  fmt: Formatters;
}

export const speechFor = (lang: Lang): Speech => ({ lang, t: catalogues[lang], fmt: formattersFor(lang) });
