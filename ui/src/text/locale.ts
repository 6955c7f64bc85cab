// The window's locale in one call: the language of its text and how it writes numbers, sizes,
// dates and times ("1,5 GiB" in German). Kept apart from ./index.ts because lib/format imports
// `t()` from there: this module imports both, neither of them imports the other.
import { setFormatLocale } from "../lib/format";
import { activateText, en, type Translation } from ".";

/** The translations of the window, by language tag ("en", "de", "pt-BR"); English only so far. */
export const TRANSLATIONS: Readonly<Record<string, Translation>> = { en };

/**
 * Sets the window's locale from `locale`, the person's (navigator.language: "de-CH"): the text in
 * the translation for it, else for its language ("de"), else English; numbers, sizes, dates and
 * times as `locale` writes them, also while the text is still English; `<html lang>` the text's
 * language. Returns that language. main.tsx calls it before the window first renders.
 */
export function activateLocale(locale: string, translations = TRANSLATIONS): string {
  const language = languageFor(locale, translations);
  activateText(language, translations[language] ?? en);
  setFormatLocale(locale);
  return language;
}

/** The tag of the translation for `locale`: the same tag, else its language, else "en". */
function languageFor(locale: string, translations: Readonly<Record<string, Translation>>): string {
  const tags = Object.keys(translations);
  const wanted = locale.trim().toLowerCase().replace(/_/g, "-");
  const base = wanted.split("-")[0] ?? "";
  return (
    tags.find((tag) => tag.toLowerCase() === wanted) ?? tags.find((tag) => tag.toLowerCase() === base) ?? "en"
  );
}
