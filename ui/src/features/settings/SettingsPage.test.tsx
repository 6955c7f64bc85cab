import { screen, waitFor } from "@testing-library/react";
import { describe, expect, it } from "vitest";

import { fixtures } from "../../platform/testing/fixtures";
import { installMockBackend, rejectWith } from "../../platform/testing/mockBackend";
import { renderInApp } from "../../test/render";
import { DEFAULT_SALT } from "../setup/wizardModel";
import { SettingsPage } from "./SettingsPage";

describe("settings page", () => {
  it("saves every changed field with set_settings and says it is saved", async () => {
    const mock = installMockBackend({
      get_settings: () => fixtures.settings({ disabled_providers: ["cuda:1"] }),
    });
    const { user } = renderInApp(<SettingsPage />);
    await user.type(await screen.findByTestId("settings-default-folder"), "/mnt/pos");
    await user.clear(screen.getByTestId("settings-default-n"));
    await user.type(screen.getByTestId("settings-default-n"), "1024");
    await user.clear(screen.getByTestId("settings-default-max-file"));
    await user.type(screen.getByTestId("settings-default-max-file"), "2");
    await user.click(screen.getByTestId("settings-start-at-login"));
    await user.click(screen.getByTestId("settings-notifications"));
    await user.click(screen.getByTestId("settings-save"));

    expect(await screen.findByTestId("settings-saved")).toHaveTextContent("Settings saved.");
    expect(mock.callsTo("set_settings")).toEqual([
      {
        settings: fixtures.settings({
          default_folder: "/mnt/pos",
          default_n: 1024,
          default_max_file_bytes: 2 * 2 ** 30,
          start_at_login: true,
          notifications: false,
          disabled_providers: ["cuda:1"],
        }),
      },
    ]);
  });

  it("saves when to compute: leave room, the pause rules and their hours", async () => {
    const mock = installMockBackend();
    const { user } = renderInApp(<SettingsPage />);
    await user.click(await screen.findByTestId("settings-compute-leave-room"));
    await user.click(screen.getByTestId("settings-pause-on-battery"));
    await user.click(screen.getByTestId("settings-pause-while-in-use"));
    await user.clear(screen.getByTestId("settings-in-use-minutes"));
    await user.type(screen.getByTestId("settings-in-use-minutes"), "10");
    await user.click(screen.getByTestId("settings-hours-only"));
    await user.clear(screen.getByTestId("settings-hours-from"));
    await user.type(screen.getByTestId("settings-hours-from"), "9:30");
    await user.clear(screen.getByTestId("settings-hours-to"));
    await user.type(screen.getByTestId("settings-hours-to"), "17:00");
    await user.click(screen.getByTestId("settings-save"));

    await screen.findByTestId("settings-saved");
    expect(mock.callsTo("set_settings")).toEqual([
      {
        settings: fixtures.settings({
          compute_mode: "leave_room",
          pause_on_battery: false,
          pause_while_in_use: true,
          in_use_minutes: 10,
          hours_only: true,
          hours_from: "9:30",
          hours_to: "17:00",
        }),
      },
    ]);
  });

  it("refuses hours that are not times and minutes out of range, saving nothing", async () => {
    const mock = installMockBackend();
    const { user } = renderInApp(<SettingsPage />);
    await user.click(await screen.findByTestId("settings-hours-only"));
    await user.clear(screen.getByTestId("settings-hours-from"));
    await user.type(screen.getByTestId("settings-hours-from"), "late");
    await user.click(screen.getByTestId("settings-pause-while-in-use"));
    await user.clear(screen.getByTestId("settings-in-use-minutes"));
    await user.type(screen.getByTestId("settings-in-use-minutes"), "0");
    await user.click(screen.getByTestId("settings-save"));

    expect(await screen.findByText(/such as 22:00 and 07:00/)).toBeInTheDocument();
    expect(screen.getByText(/from 1 to 1440/)).toBeInTheDocument();
    expect(mock.callsTo("set_settings")).toEqual([]);
  });

  it("lets API clients reach the window's jobs only when switched on", async () => {
    const mock = installMockBackend({ get_settings: () => fixtures.settings({ serve_api: true }) });
    const { user } = renderInApp(<SettingsPage />);
    const toggle = await screen.findByTestId("settings-api-reaches-window-jobs");
    expect(toggle).not.toBeChecked();
    await user.click(toggle);
    await user.click(screen.getByTestId("settings-save"));

    await screen.findByTestId("settings-saved");
    expect(mock.callsTo("set_settings")).toEqual([
      { settings: fixtures.settings({ serve_api: true, api_reaches_window_jobs: true }) },
    ]);
  });

  it("shows why saving failed and keeps the changes", async () => {
    installMockBackend({
      set_settings: () => rejectWith("io", "Could not register the app to start at login: access denied."),
    });
    const { user } = renderInApp(<SettingsPage />);
    await user.click(await screen.findByTestId("settings-start-at-login"));
    await user.click(screen.getByTestId("settings-save"));
    const error = await screen.findByTestId("settings-error");
    expect(error).toHaveTextContent("Could not save the settings.");
    expect(error).toHaveTextContent("Could not register the app to start at login: access denied.");
    expect(screen.getByTestId("settings-start-at-login")).toBeChecked();
    expect(screen.queryByTestId("settings-saved")).not.toBeInTheDocument();
  });

  it("does not save an invalid salt, and puts the default back on request", async () => {
    const mock = installMockBackend();
    const { user } = renderInApp(<SettingsPage />);
    const salt = await screen.findByTestId("settings-default-salt");
    await user.clear(salt);
    await user.type(salt, "abc");
    await user.click(screen.getByTestId("settings-save"));
    expect(await screen.findByText("The salt has 3 digits; it needs exactly 64.")).toBeInTheDocument();
    expect(mock.callsTo("set_settings")).toEqual([]);

    await user.click(screen.getByTestId("settings-salt-reset"));
    await user.click(screen.getByTestId("settings-save"));
    await screen.findByTestId("settings-saved");
    expect(mock.callsTo("set_settings").map((args) => args.settings.default_salt)).toEqual([DEFAULT_SALT]);
  });

  it("offers to load the settings again when they cannot be read", async () => {
    let fail = true;
    installMockBackend({
      get_settings: () => (fail ? rejectWith("io", "settings.json is not valid JSON.") : fixtures.settings()),
    });
    const { user } = renderInApp(<SettingsPage />);
    expect(await screen.findByTestId("error")).toHaveTextContent("settings.json is not valid JSON.");
    fail = false;
    await user.click(screen.getByRole("button", { name: "Try again" }));
    await waitFor(() => {
      expect(screen.getByTestId("settings-form")).toBeInTheDocument();
    });
  });
});
