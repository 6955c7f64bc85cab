import type { ErrorCode } from "../bindings";
import { t } from "../text";

/** The code of a failure: the engine's, or one of [`LOCAL_ERROR_CODES`]. */
export type FailureCode = ErrorCode | (typeof LOCAL_ERROR_CODES)[keyof typeof LOCAL_ERROR_CODES];

/** A failure as this UI shows it: a code to branch on and a message for the person. */
export interface FailureInfo {
  code: FailureCode;
  message: string;
}

/**
 * A command that rejected. The backend rejects with a `CommandError` (`{code, message}`); this
 * wraps it in an `Error` so it can be thrown and caught like any other, keeping both fields.
 */
export class CommandFailure extends Error implements FailureInfo {
  readonly code: FailureCode;
  readonly command: string;

  constructor(command: string, error: FailureInfo) {
    super(error.message);
    this.name = "CommandFailure";
    this.code = error.code;
    this.command = command;
  }
}

/** Codes this UI makes up itself, for failures that never reached the backend. */
export const LOCAL_ERROR_CODES = {
  /** The page runs outside the app (a plain browser), so there is no backend to ask. */
  noBackend: "no_backend",
  /** The backend rejected with something other than `{code, message}`. */
  unexpected: "unexpected",
} as const;

function isCommandError(value: unknown): value is FailureInfo {
  if (typeof value !== "object" || value === null) return false;
  const record = value as Record<string, unknown>;
  return typeof record.code === "string" && typeof record.message === "string";
}

/** Turns whatever `invoke` rejected with into a `CommandFailure`. */
export function toCommandFailure(command: string, reason: unknown): CommandFailure {
  if (reason instanceof CommandFailure) return reason;
  if (isCommandError(reason)) return new CommandFailure(command, reason);
  if (typeof reason === "string") {
    return new CommandFailure(command, { code: LOCAL_ERROR_CODES.unexpected, message: reason });
  }
  if (reason instanceof Error) {
    // `invoke` throws a TypeError when there is no Tauri runtime behind the page.
    const noBackend = reason instanceof TypeError && !isInsideApp();
    return new CommandFailure(command, {
      code: noBackend ? LOCAL_ERROR_CODES.noBackend : LOCAL_ERROR_CODES.unexpected,
      message: noBackend ? t("common.errors.noBackend") : reason.message,
    });
  }
  return new CommandFailure(command, {
    code: LOCAL_ERROR_CODES.unexpected,
    message: t("common.errors.unexpected", { reason: String(reason) }),
  });
}

/** The `{code, message}` of any error, for code that only shows errors. */
export function describeError(error: unknown): FailureInfo {
  const failure = toCommandFailure("", error);
  return { code: failure.code, message: failure.message };
}

function isInsideApp(): boolean {
  return typeof window !== "undefined" && "__TAURI_INTERNALS__" in window;
}
