// 32-byte values written as 64 hexadecimal digits: ids, salts, PoW difficulties.

export const HEX64_LENGTH = 64;

/** What a person pasted, without spaces or a leading 0x, in lower case. */
export function normalizeHex(text: string): string {
  return text.replace(/\s+/g, "").replace(/^0x/i, "").toLowerCase();
}

/**
 * Why `text` is not 64 hex digits, in words for a person, or null when it is.
 * `what` names the value: "The id", "The salt".
 */
export function hex64Problem(text: string, what: string): string | null {
  const hex = normalizeHex(text);
  if (hex.length === 0) return `${what} is empty. Paste the 64 hexadecimal digits (0-9, a-f).`;
  const bad = /[^0-9a-f]/.exec(hex);
  if (bad) {
    return `${what} contains "${bad[0]}", which is not a hexadecimal digit. Use only 0-9 and a-f.`;
  }
  if (hex.length !== HEX64_LENGTH) {
    return `${what} has ${hex.length} digits; it needs exactly ${HEX64_LENGTH}.`;
  }
  return null;
}

/** 32 random bytes as 64 hex digits, from the platform's secure random generator. */
export function randomHex64(): string {
  const bytes = new Uint8Array(HEX64_LENGTH / 2);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
}
