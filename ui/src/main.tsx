import { StrictMode } from "react";
import { createRoot } from "react-dom/client";

import { App } from "./App";
import { activateLocale } from "./text/locale";
import "./styles.css";

const root = document.getElementById("root");
if (!root) throw new Error("index.html has no #root element");

// The person's language (the system's, in Tauri) for the text and for numbers, before the first render.
activateLocale(navigator.language);

createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
