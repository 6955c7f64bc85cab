// The types behind the text catalog (see ./index.ts): what a message is, the keys of a
// catalog, and the placeholders a message names.

/** The plural categories of Intl.PluralRules; `other` is the one every language has. */
export type PluralCategory = "zero" | "one" | "two" | "few" | "many" | "other";

/** A message that depends on a number: the form for `count`'s plural category, else `other`. */
export type PluralMessage = Readonly<Partial<Record<Exclude<PluralCategory, "other">, string>>> & {
  readonly other: string;
};

/** One piece of text: a plain string with `{name}` placeholders, or its plural forms. */
export type Message = string | PluralMessage;

/**
 * A group of messages and smaller groups. An object whose keys are all plural categories (and
 * include `other`) is a plural message; any other object is a group, so a group may have a key
 * `other` ("processors.kind.other") beside keys that are not categories.
 */
export interface MessageGroup {
  readonly [key: string]: Message | MessageGroup;
}

/**
 * The shape a translation must have: every group and key of `T` (the English catalog), each
 * a string or plural forms of its own (a language may need plurals where English has none).
 */
export type CatalogShape<T> = {
  readonly [K in keyof T]: IsMessage<T[K]> extends true ? Message : CatalogShape<T[K]>;
};

/** Whether `V` is a message (a string, or an object of plural forms only) rather than a group. */
export type IsMessage<V> = V extends string
  ? true
  : V extends PluralMessage
    ? [Exclude<keyof V, PluralCategory>] extends [never]
      ? true
      : false
    : false;

type Join<Prefix extends string, Key extends string> = Prefix extends "" ? Key : `${Prefix}.${Key}`;

/** Every dotted path to a message in `T`: "settings.closeToTray.label". */
export type KeysOf<T, Prefix extends string = ""> = {
  [K in keyof T & string]: IsMessage<T[K]> extends true ? Join<Prefix, K> : KeysOf<T[K], Join<Prefix, K>>;
}[keyof T & string];

/** The message at a dotted path of `T`. */
export type MessageAt<T, Key extends string> = Key extends `${infer Head}.${infer Rest}`
  ? Head extends keyof T
    ? MessageAt<T[Head], Rest>
    : never
  : Key extends keyof T
    ? T[Key]
    : never;

/** The names of the `{name}` placeholders in a string literal type. */
export type PlaceholdersIn<S> = S extends `${string}{${infer Name}}${infer Rest}`
  ? Name | PlaceholdersIn<Rest>
  : never;

/** The parameter names a message takes; a plural message always takes `count`. */
export type ParamNames<M> = M extends string
  ? PlaceholdersIn<M>
  : M extends PluralMessage
    ? "count" | PlaceholdersIn<M[keyof M]>
    : never;

/**
 * The parameters object for those names. Numbers are written as plain digits: format them with
 * lib/format first where grouping or units are wanted. `count` picks the plural form, so it is
 * a number.
 */
export type Params<Names extends string> = {
  readonly [N in Names]: N extends "count" ? number : string | number;
};
