import { render, type RenderResult } from "@testing-library/react";
import userEvent, { type UserEvent } from "@testing-library/user-event";
import type { ReactElement } from "react";

import { JobsProvider } from "../features/jobs/JobsContext";
import { ProviderSpeedsProvider } from "../features/processors/ProviderSpeedsContext";
import { SettingsProvider } from "../features/settings/SettingsContext";

/** Renders `ui` inside the app's providers, as App does, with a user-event session. */
export function renderInApp(ui: ReactElement): RenderResult & { user: UserEvent } {
  const user = userEvent.setup();
  const result = render(
    <SettingsProvider>
      <ProviderSpeedsProvider>
        <JobsProvider>{ui}</JobsProvider>
      </ProviderSpeedsProvider>
    </SettingsProvider>,
  );
  return { ...result, user };
}
