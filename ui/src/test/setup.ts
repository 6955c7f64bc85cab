import "@testing-library/jest-dom/vitest";

import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

import { setFormatLocale } from "../lib/format";
import { removeMockBackend } from "../platform/testing/mockBackend";

// Tests read numbers as English writes them, whatever the machine's language; a test of another
// locale sets it and this puts English back.
setFormatLocale("en-US");

afterEach(() => {
  cleanup();
  removeMockBackend();
  setFormatLocale("en-US");
});
