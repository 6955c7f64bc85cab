// Which page the window shows, and a way for any component to open another one (for example
// "Open Processors" beside an error about a processor).
import { createContext, useContext } from "react";

export type Page = "jobs" | "new-job" | "processors" | "settings" | "doctor" | "about";

export const NavigationContext = createContext<((page: Page) => void) | null>(null);

/** Opens a page; null outside the app shell (in a component test), where there is nowhere to go. */
export function useNavigate(): ((page: Page) => void) | null {
  return useContext(NavigationContext);
}
