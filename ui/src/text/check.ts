// Checks of a translation that types cannot make: that each message names the same
// placeholders as its English original. For tests (a translation's own test calls it).
import { en, isPluralMessage, placeholdersOf, type Message, type Translation } from ".";

/** Every message of a catalog with its dotted key; groups are walked, plural forms are one message. */
export function messagesOf(group: object, prefix = ""): [key: string, message: Message][] {
  return Object.entries(group).flatMap(([name, value]): [string, Message][] => {
    const key = prefix === "" ? name : `${prefix}.${name}`;
    if (typeof value === "string" || isPluralMessage(value)) return [[key, value]];
    return typeof value === "object" && value !== null ? messagesOf(value as object, key) : [];
  });
}

/**
 * Where `catalog` differs from English in its placeholders: "about.help.bundleSaved: {path}
 * missing". `count` may be left out where a plural form writes the number in words.
 */
export function placeholderProblems(catalog: Translation): string[] {
  const english = new Map(messagesOf(en));
  return messagesOf(catalog).flatMap(([key, message]) => {
    const original = english.get(key);
    if (original === undefined) return [`${key}: not in English`];
    const expected = new Set(placeholdersOf(original));
    const found = new Set(placeholdersOf(message));
    return [
      ...[...expected]
        .filter((name) => !found.has(name) && !(name === "count" && isPluralMessage(message)))
        .map((name) => `${key}: {${name}} missing`),
      ...[...found].filter((name) => !expected.has(name)).map((name) => `${key}: {${name}} is not English's`),
    ];
  });
}
