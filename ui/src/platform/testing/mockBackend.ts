// A stand-in for the Rust backend in unit tests: `mockIPC` answers commands from typed handlers
// and records every call; `emit` sends events to whatever the UI is listening to. Test-only:
// nothing outside tests imports this file, so it never reaches the app's bundle.
import { emit } from "@tauri-apps/api/event";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";

import type { CommandError } from "../../bindings";
import type { CommandMap, CommandName } from "../api";
import type { EventMap, EventName } from "../events";
import { fixtures } from "./fixtures";

type Handler<C extends CommandName> = (
  args: CommandMap[C]["args"],
) => CommandMap[C]["result"] | Promise<CommandMap[C]["result"]>;

export type Handlers = { [C in CommandName]?: Handler<C> };

export interface RecordedCall {
  command: string;
  args: unknown;
}

export interface MockBackend {
  /** Every command the UI invoked, in order. */
  readonly calls: RecordedCall[];
  /** The arguments of each call to one command, in order. */
  callsTo<C extends CommandName>(command: C): CommandMap[C]["args"][];
  /** Replaces (or adds) the handler of one command. */
  handle<C extends CommandName>(command: C, handler: Handler<C>): void;
  /** Sends an event as the backend would. Wrap in `act` when it changes what React shows. */
  emit<E extends EventName>(event: E, payload: EventMap[E]): Promise<void>;
}

/** What the backend rejects with when a command fails. */
export function rejectWith(code: CommandError["code"], message: string): Promise<never> {
  const error: CommandError = { code, message };
  // The backend rejects with a plain {code, message} object, not an Error: reproduce that.
  // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
  return Promise.reject(error);
}

/** Answers that make an app with no jobs and one CPU work; tests override what they need. */
export function defaultHandlers(): Handlers {
  return {
    system_info: () => fixtures.systemInfo(),
    list_providers: () => fixtures.providersView(),
    benchmark_provider: ({ providerId, n, bits, seconds }) => ({
      provider: providerId,
      labels_per_sec: providerId === "cpu" ? 50_000 : 10_000_000,
      labels: 1000,
      seconds,
      n,
      bits,
    }),
    get_settings: () => fixtures.settings(),
    set_settings: ({ settings }) => settings,
    folder_info: ({ path }) => fixtures.folderInfo({ path }),
    pick_folder: () => null,
    list_disks: () => ({ disks: [], suggested: null }),
    pick_gpu_library: () => null,
    open_gpu_post_page: () => null,
    restart_app: () => null,
    list_jobs: () => [],
    diagnostics: () => "diagnostics text",
    run_doctor: () => [],
    startup_notices: () => [],
    update_status: () => fixtures.updateStatus(),
    open_logs: () => null,
    open_job_folder: () => null,
    pause_all: () => null,
    resume_all: () => null,
    request_quit: () => null,
  };
}

export function installMockBackend(overrides: Handlers = {}): MockBackend {
  const handlers = new Map<string, (args: unknown) => unknown>();
  const calls: RecordedCall[] = [];

  function handle<C extends CommandName>(command: C, handler: Handler<C>): void {
    handlers.set(command, handler as (args: unknown) => unknown);
  }
  for (const [command, handler] of Object.entries({ ...defaultHandlers(), ...overrides })) {
    handlers.set(command, handler as (args: unknown) => unknown);
  }

  mockIPC(
    (command, args) => {
      calls.push({ command, args });
      const handler = handlers.get(command);
      if (!handler) {
        return rejectWith("internal", `The test backend has no handler for ${command}.`);
      }
      return handler(args);
    },
    { shouldMockEvents: true },
  );

  return {
    calls,
    callsTo<C extends CommandName>(command: C) {
      return calls
        .filter((call) => call.command === command)
        .map((call) => call.args as CommandMap[C]["args"]);
    },
    handle,
    emit: (event, payload) => emit(event, payload),
  };
}

/** Removes the fake backend; call after each test. */
export function removeMockBackend(): void {
  clearMocks();
}
