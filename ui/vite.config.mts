import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// Run with `ui/` as the root (`vite ui`, `vitest --root ui`): paths here are relative to it.
export default defineConfig({
  plugins: [react()],
  // Tauri prints its own output; keep Vite's messages on screen.
  clearScreen: false,
  server: {
    // tauri.conf.json's devUrl points here; another port would load a blank window.
    port: 1420,
    strictPort: true,
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // The oldest webviews Tauri 2 supports: WebView2 (Chromium) and Safari 14 on macOS 10.15.
    target: ["chrome105", "safari14"],
  },
  test: {
    environment: "jsdom",
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    restoreMocks: true,
    // Vitest hands CSS imports to tests as empty strings; theme-contrast.test.ts reads the real
    // palette (`styles.css?raw`).
    css: { include: [/styles\.css/] },
  },
});
