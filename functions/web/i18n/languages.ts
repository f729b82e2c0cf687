/** The languages of the web app; Danish is the default. */
export const LANGS = ["da", "en"] as const;
export type Lang = (typeof LANGS)[number];
export const DEFAULT_LANG: Lang = "da";

export const isLang = (value: unknown): value is Lang => LANGS.includes(value as Lang);
