import "@testing-library/jest-dom/vitest";

import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

import { removeMockBackend } from "../platform/testing/mockBackend";

afterEach(() => {
  cleanup();
  removeMockBackend();
});
