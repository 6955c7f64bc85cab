// 32-byte values written as 64 hexadecimal digits: ids, salts, PoW difficulties.
import { t } from "../text";

export const HEX64_LENGTH = 64;

/** Which value is checked: each has its own sentences (common.hex), not a subject put in one. */
export type Hex64Value = "id" | "salt" | "difficulty";

/** What a person pasted, without spaces or a leading 0x, in lower case. */
export function normalizeHex(text: string): string {
  return text.replace(/\s+/g, "").replace(/^0x/i, "").toLowerCase();
}

/** Why `text` is not 64 hex digits, in words for a person, or null when it is. */
export function hex64Problem(text: string, value: Hex64Value): string | null {
  const hex = normalizeHex(text);
  if (hex.length === 0) return t(`common.hex.${value}.empty`);
  const bad = /[^0-9a-f]/.exec(hex);
  if (bad) return t(`common.hex.${value}.notHex`, { character: bad[0] });
  if (hex.length !== HEX64_LENGTH) {
    return t(`common.hex.${value}.length`, { count: hex.length, needed: HEX64_LENGTH });
  }
  return null;
}

/** 32 random bytes as 64 hex digits, from the platform's secure random generator. */
export function randomHex64(): string {
  const bytes = new Uint8Array(HEX64_LENGTH / 2);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
