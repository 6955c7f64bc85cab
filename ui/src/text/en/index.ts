// The English text of the window, one module per part, gathered into one catalog. English is
// the source language: its keys and placeholders are what every translation must match.
import { about } from "./about";
import { app } from "./app";
import { common } from "./common";
import { doctor } from "./doctor";
import { format } from "./format";
import { jobs } from "./jobs";
import { notices } from "./notices";
import { processors } from "./processors";
import { settings } from "./settings";
import { setup } from "./setup";
import type { MessageGroup } from "../types";

/** `satisfies`: every leaf must be a string or plural forms, while keeping the literal types. */
export const en = {
  app,
  common,
  jobs,
  setup,
  about,
  settings,
  doctor,
  processors,
  notices,
  format,
} as const satisfies MessageGroup;
