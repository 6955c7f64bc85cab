import { Fragment, isValidElement, type ReactElement } from "react";

import { t, type English, type TextKey } from ".";
import type { MessageAt, ParamNames } from "./types";

/** The params of a message, where any but `count` may be an element: a path, a size in bold. */
export type RichParams<K extends TextKey> = {
  readonly [N in ParamNames<MessageAt<English, K>>]: N extends "count"
    ? number
    : string | number | ReactElement;
};

/** Stands for an element in the filled message until it is split; no message contains it. */
const MARK = "\u0000";

/**
 * A message with elements among its params, for a sentence with a part marked up:
 * `<RichText text="jobs.finished.where" params={{ dir: <span className="path">{dir}</span> }} />`.
 * The sentence stays one message, so a translation puts the element where its grammar needs it.
 */
export function RichText<K extends TextKey>({ text, params }: { text: K; params: RichParams<K> }) {
  const elements: ReactElement[] = [];
  const plain: Record<string, string | number> = {};
  for (const [name, value] of Object.entries<string | number | ReactElement>(params)) {
    if (isValidElement(value)) {
      plain[name] = `${MARK}${String(elements.length)}${MARK}`;
      elements.push(value);
    } else {
      plain[name] = value;
    }
  }
  // The params were checked against the message by RichParams; `t` takes them as plain ones.
  const filled = (t as (key: string, params: Readonly<Record<string, string | number>>) => string)(
    text,
    plain,
  );
  return (
    <>
      {filled.split(MARK).map((part, index) => (
        // Even parts are text, odd ones the index of an element.
        <Fragment key={index}>{index % 2 === 0 ? part : elements[Number(part)]}</Fragment>
      ))}
    </>
  );
}
