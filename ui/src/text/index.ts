/**
 * The window's text, in one place so it can be translated.
 *
 * - `en` (./en/, one module per part of the window) holds every message, in groups:
 *   `t("settings.app.closeToTray.label")`. Keys are the dotted paths of `en`, so a misspelt key
 *   does not compile.
 * - A message is a string with `{name}` placeholders: "Saved to {path}." The placeholder names
 *   are read from the string's type, so `t()` demands exactly those params: a missing or
 *   misspelt one does not compile. Numbers go in as plain digits; format them with lib/format
 *   first where grouping or units are wanted.
 * - A message that depends on a number is an object of plural forms, `{one: "{count} job",
 *   other: "{count} jobs"}`, picked by the `count` param with Intl.PluralRules of the active
 *   locale (each language has its own categories: Polish needs `few` and `many`). `{count}` is
 *   written as plain digits; where the number needs grouping or decimals it goes in formatted as
 *   `{number}` beside `count`: `t("format.size.bytes", { count, number: formatCount(count) })`.
 * - A translation is a `Translation` (ui/src/text/<lang>/, the same shape as `en`, so a missing
 *   key does not compile); `activateText(locale, catalog)` makes it the one `t()` reads and sets
 *   `<html lang>`. A message a translation leaves empty falls back to English.
 * - The window does not call it itself: main.tsx calls `activateLocale` (./locale.ts) before it
 *   first renders, which picks the catalog for the person's locale and writes numbers, sizes and
 *   dates in that locale too (lib/format), so text and numbers switch together. This module must
 *   not import lib/format, which imports `t()` from here.
 *
 * Text from the engine (error messages, processor names, doctor checks) arrives in words and is
 * shown as it comes. No library: this is a lookup, a replace and Intl.PluralRules.
 */
import { en } from "./en";
import type {
  CatalogShape,
  KeysOf,
  Message,
  MessageAt,
  MessageGroup,
  ParamNames,
  Params,
  PluralCategory,
  PluralMessage,
} from "./types";

export { en };
export type { Message, PluralMessage } from "./types";

/** The English catalog's type, with its literal strings (where the placeholder types come from). */
export type English = typeof en;

/** What a translation must provide: every key of `en`. */
export type Translation = CatalogShape<English>;

/** Every message key: "about.title", "settings.app.closeToTray.label". */
export type TextKey = KeysOf<English>;

/** The keys of messages without placeholders, for tables of keys ("the hint for this code"). */
export type PlainTextKey = { [K in TextKey]: TextArgs<K> extends [] ? K : never }[TextKey];

/** The params `t(key, …)` takes after the key: none, or an object with exactly the placeholders. */
export type TextArgs<K extends TextKey> = [ParamNames<MessageAt<English, K>>] extends [never]
  ? []
  : [params: Params<ParamNames<MessageAt<English, K>>>];

const PLURAL_CATEGORIES: readonly PluralCategory[] = ["zero", "one", "two", "few", "many", "other"];

interface ActiveText {
  locale: string;
  catalog: Translation;
  plurals: Intl.PluralRules;
}

let active: ActiveText = { locale: "en", catalog: en, plurals: new Intl.PluralRules("en") };

/**
 * Makes `catalog` (in `locale`, a BCP 47 tag such as "de") the text `t()` returns, and tells the
 * page (`<html lang>`) which language it is in, so a screen reader reads it in that language.
 */
export function activateText(locale: string, catalog: Translation): void {
  active = { locale, catalog, plurals: new Intl.PluralRules(locale) };
  if (typeof document !== "undefined") document.documentElement.lang = locale;
}

/** The locale of the active text: "en" until a translation is activated. */
export function textLocale(): string {
  return active.locale;
}

/** The message for `key`, with its params put in. */
export function t<K extends TextKey>(key: K, ...args: TextArgs<K>): string {
  const params: Readonly<Record<string, string | number>> = args[0] ?? {};
  const found = lookUp(active.catalog, key);
  const message = found !== undefined && !isEmpty(found) ? found : lookUp(en, key);
  if (message === undefined) return key;
  return fill(typeof message === "string" ? message : pluralForm(message, params.count), params);
}

/** Whether `value` is plural forms: an object whose keys are all plural categories, `other` among them. */
export function isPluralMessage(value: unknown): value is PluralMessage {
  if (typeof value !== "object" || value === null) return false;
  const entries = Object.entries(value);
  return (
    typeof (value as Record<string, unknown>).other === "string" &&
    entries.every(
      ([category, form]) =>
        PLURAL_CATEGORIES.includes(category as PluralCategory) && typeof form === "string",
    )
  );
}

/** The `{name}` placeholders of a message (every form of a plural one), in order, without repeats. */
export function placeholdersOf(message: Message): string[] {
  const forms = typeof message === "string" ? [message] : Object.values(message);
  const names = forms.flatMap((form) => Array.from(form.matchAll(/\{(\w+)\}/g), (match) => match[1] ?? ""));
  return [...new Set(names)];
}

function lookUp(catalog: MessageGroup | CatalogShape<English>, key: string): Message | undefined {
  let node: unknown = catalog;
  for (const part of key.split(".")) {
    if (typeof node !== "object" || node === null || isPluralMessage(node)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === "string" || isPluralMessage(node) ? node : undefined;
}

function isEmpty(message: Message): boolean {
  return typeof message === "string" ? message.length === 0 : message.other.length === 0;
}

function pluralForm(message: PluralMessage, count: string | number | undefined): string {
  if (typeof count !== "number") return message.other;
  return message[active.plurals.select(count)] ?? message.other;
}

/** Puts the params in; a placeholder without a param stays as it is, so the gap shows. */
function fill(text: string, params: Readonly<Record<string, string | number>>): string {
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) => {
    const value = params[name];
    return value === undefined ? placeholder : String(value);
  });
}
