// WCAG 2 AA contrast of the palette in styles.css, light and dark: every foreground/background
// pair the stylesheet draws text (or a control's edge, or the focus ring) with, computed with
// WCAG's relative luminance formula. jsdom cannot compute colours, so axe's color-contrast rule
// runs only in the e2e tests; this test catches a bad palette change at once.
import { describe, expect, it } from "vitest";

import stylesheet from "./styles.css?raw";

/** Normal text (WCAG 1.4.3). */
const TEXT = 4.5;
/** Text of at least 18.66px bold or 24px, and what identifies a control or its state (1.4.11). */
const LARGE_OR_NON_TEXT = 3;

interface Pair {
  /** Custom properties without the leading "--". */
  foreground: string;
  background: string;
  /** The least contrast allowed. */
  min: number;
  /** Where styles.css draws it. */
  where: string;
  /** A CSS brightness() filter on the background, as on a hovered primary button. */
  backgroundBrightness?: number;
}

/**
 * Every pair styles.css uses. Disabled controls (opacity 0.55) are exempt, as WCAG allows. A
 * new rule that puts text in a new colour on a new background adds its pair here.
 */
const PAIRS: Pair[] = [
  // Body text
  { foreground: "text", background: "bg", min: TEXT, where: "page text: headings, .facts dd" },
  {
    foreground: "text",
    background: "surface",
    min: TEXT,
    where: "cards, wizard body, fieldsets, dialogs, buttons, inputs",
  },
  {
    foreground: "text",
    background: "surface-2",
    min: TEXT,
    where: "hovered buttons and nav links, done .wizard-step-number",
  },
  { foreground: "text", background: "accent-soft", min: TEXT, where: ".provider-card.selected" },
  {
    foreground: "text",
    background: "danger-soft",
    min: TEXT,
    where: ".notice-error, .doctor-problem .doctor-badge",
  },
  { foreground: "text", background: "ok-soft", min: TEXT, where: ".notice-ok, .doctor-ok .doctor-badge" },
  {
    foreground: "text",
    background: "warn-soft",
    min: TEXT,
    where: ".notice-warning, .doctor-warning .doctor-badge",
  },
  {
    foreground: "text",
    background: "info-soft",
    min: TEXT,
    where: ".notice-info, .doctor-info .doctor-badge",
  },
  // Muted text
  {
    foreground: "muted",
    background: "bg",
    min: TEXT,
    where: ".step-intro, .empty-state p, .facts dt, .spinner, Doctor's .notice-hint",
  },
  {
    foreground: "muted",
    background: "surface",
    min: TEXT,
    where: ".field-help, .job-folder, .job-facts dt, .disks th, figcaption, ::placeholder, .wizard-steps li",
  },
  {
    foreground: "muted",
    background: "surface-2",
    min: TEXT,
    where: "default .badge (waiting, aborted), upcoming .wizard-step-number",
  },
  {
    foreground: "muted",
    background: "accent-soft",
    min: TEXT,
    where: ".provider-kind, .provider-detail, .muted in a selected processor card",
  },
  { foreground: "muted", background: "danger-soft", min: TEXT, where: ".notice-hint in an error notice" },
  {
    foreground: "muted",
    background: "info-soft",
    min: TEXT,
    where: ".notice-details p in the GPU and OpenCL notices",
  },
  // Accent: links, summaries, current page and step
  {
    foreground: "accent",
    background: "surface",
    min: TEXT,
    where: "button.link, .advanced summary, .wizard-steps li.current",
  },
  {
    foreground: "accent",
    background: "accent-soft",
    min: TEXT,
    where: ".nav-link[aria-current], .badge-running",
  },
  {
    foreground: "accent",
    background: "info-soft",
    min: TEXT,
    where: ".notice-details summary, links in a waiting notice",
  },
  {
    foreground: "accent",
    background: "warn-soft",
    min: TEXT,
    where: "Open Processors in .job-processors-off",
  },
  { foreground: "accent", background: "danger-soft", min: TEXT, where: "Open Processors in an error's hint" },
  // Text on filled buttons
  {
    foreground: "accent-text",
    background: "accent",
    min: TEXT,
    where: "button.primary, .nav-count, current .wizard-step-number",
  },
  {
    foreground: "accent-text",
    background: "accent",
    min: TEXT,
    where: "button.primary:hover",
    backgroundBrightness: 1.08,
  },
  { foreground: "surface", background: "danger", min: TEXT, where: "button.danger" },
  // Danger, ok and warning text
  { foreground: "danger", background: "surface", min: TEXT, where: "button.danger-quiet, .field-error" },
  { foreground: "danger", background: "surface-2", min: TEXT, where: "hovered button.danger-quiet" },
  { foreground: "danger", background: "bg", min: TEXT, where: "Settings' .field-error under the form" },
  { foreground: "danger", background: "danger-soft", min: TEXT, where: ".badge-failed" },
  {
    foreground: "danger",
    background: "accent-soft",
    min: TEXT,
    where: "a failed measurement in a selected processor card",
  },
  { foreground: "ok", background: "bg", min: TEXT, where: ".saved (Settings saved, Copied)" },
  { foreground: "ok", background: "ok-soft", min: TEXT, where: ".badge-completed" },
  { foreground: "warn", background: "warn-soft", min: TEXT, where: ".badge-paused" },
  // Not text: a text box's edge, the focus ring on every background, an invalid field
  {
    foreground: "input-border",
    background: "surface",
    min: LARGE_OR_NON_TEXT,
    where: "input[type=text], textarea",
  },
  {
    foreground: "input-border",
    background: "bg",
    min: LARGE_OR_NON_TEXT,
    where: "input[type=text], textarea",
  },
  { foreground: "danger", background: "surface", min: LARGE_OR_NON_TEXT, where: "input[aria-invalid]" },
  ...["bg", "surface", "surface-2", "accent-soft", "danger-soft", "ok-soft", "warn-soft", "info-soft"].map(
    (background): Pair => ({
      foreground: "focus",
      background,
      min: LARGE_OR_NON_TEXT,
      where: ":focus-visible",
    }),
  ),
  // Not text: the progress bars and the speed chart
  { foreground: "accent", background: "surface-2", min: LARGE_OR_NON_TEXT, where: ".progress-fill" },
  {
    foreground: "ok",
    background: "surface-2",
    min: LARGE_OR_NON_TEXT,
    where: ".job-completed .progress-fill",
  },
  {
    foreground: "danger",
    background: "surface-2",
    min: LARGE_OR_NON_TEXT,
    where: ".job-failed .progress-fill",
  },
  ...["chart-1", "chart-2", "chart-3", "chart-4", "chart-total"].map((foreground): Pair => ({
    foreground,
    background: "surface",
    min: LARGE_OR_NON_TEXT,
    where: ".speed-chart-line, markers",
  })),
];

/**
 * Colours that carry no information: card outlines and dividers (cards are told apart by what is
 * in them; text inputs use --input-border).
 */
const DECORATIVE = new Set(["border"]);

type Palette = Record<string, string>;

/** The `--name: value` declarations of a block, by name without the dashes. */
function customProperties(block: string): Palette {
  const palette: Palette = {};
  for (const match of block.matchAll(/--([\w-]+)\s*:\s*([^;]+);/g)) {
    const [, name, value] = match;
    if (name !== undefined && value !== undefined) palette[name] = value.trim();
  }
  return palette;
}

/** The body of the first `{ ... }` after `from` (blocks here hold no nested braces). */
function blockAfter(css: string, from: number): string {
  const open = css.indexOf("{", from);
  const close = css.indexOf("}", open);
  if (open < 0 || close < 0) throw new Error("styles.css: a block is not closed");
  return css.slice(open + 1, close);
}

/**
 * The light palette (:root), what the dark :root (inside prefers-color-scheme: dark) sets, and
 * the dark palette: the light one with the dark block over it.
 */
function themes(css: string): { light: Palette; darkOnly: Palette; dark: Palette } {
  const withoutComments = css.replace(/\/\*[\s\S]*?\*\//g, "");
  const lightAt = withoutComments.search(/^:root\s*\{/m);
  const mediaAt = withoutComments.search(/@media\s*\(prefers-color-scheme:\s*dark\)/);
  if (lightAt < 0 || mediaAt < 0) throw new Error("styles.css: no :root or no dark :root block");
  const darkRootAt = withoutComments.indexOf(":root", mediaAt);
  const light = customProperties(blockAfter(withoutComments, lightAt));
  const darkOnly = customProperties(blockAfter(withoutComments, darkRootAt));
  return { light, darkOnly, dark: { ...light, ...darkOnly } };
}

/** #rgb or #rrggbb as 0-255 channels. */
function channels(color: string): [number, number, number] {
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/i.exec(color);
  const long = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  const parts = short ? short.slice(1).map((digit) => digit + digit) : long?.slice(1);
  if (!parts) throw new Error(`not a #rrggbb colour: ${color}`);
  return parts.map((part) => parseInt(part, 16)) as [number, number, number];
}

/** WCAG 2 relative luminance of sRGB channels. */
function luminance([r, g, b]: [number, number, number]): number {
  const linear = (channel: number) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
}

/** WCAG 2 contrast ratio, from 1 to 21. */
function contrast(a: [number, number, number], b: [number, number, number]): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** brightness(f) on sRGB channels, clamped (the lighter, stricter reading of the filter). */
function brightened(rgb: [number, number, number], factor: number): [number, number, number] {
  return rgb.map((channel) => Math.min(255, Math.round(channel * factor))) as [number, number, number];
}

function colorOf(palette: Palette, name: string): [number, number, number] {
  const value = palette[name];
  if (value === undefined) throw new Error(`styles.css has no --${name}`);
  return channels(value);
}

/** "muted on surface-2 (…): 4.21:1, needs 4.5:1" for each pair below its minimum. */
function failures(palette: Palette): string[] {
  return PAIRS.flatMap((pair) => {
    const background = colorOf(palette, pair.background);
    const shown =
      pair.backgroundBrightness === undefined
        ? background
        : brightened(background, pair.backgroundBrightness);
    const ratio = contrast(colorOf(palette, pair.foreground), shown);
    return ratio >= pair.min
      ? []
      : [
          `${pair.foreground} on ${pair.background} (${pair.where}): ${ratio.toFixed(2)}:1, needs ${pair.min}:1`,
        ];
  });
}

const { light, darkOnly, dark } = themes(stylesheet);
const colourNames = Object.keys(light).filter((name) => light[name]?.startsWith("#"));

describe("theme contrast (WCAG 2 AA)", () => {
  it("computes the WCAG ratio", () => {
    expect(contrast(channels("#000"), channels("#ffffff"))).toBeCloseTo(21, 5);
    expect(contrast(channels("#777777"), channels("#fff"))).toBeCloseTo(4.48, 2);
    expect(contrast(channels("#1f5fd1"), channels("#1f5fd1"))).toBe(1);
    expect(failures({ ...light, muted: "#999999" })).toContain(
      "muted on bg (.step-intro, .empty-state p, .facts dt, .spinner, Doctor's .notice-hint): 2.66:1, needs 4.5:1",
    );
  });

  it("reads both palettes from styles.css, the dark one setting every colour again", () => {
    expect(colourNames.length).toBeGreaterThan(10);
    expect(colourNames.filter((name) => darkOnly[name] === undefined)).toEqual([]);
  });

  it("lists every colour of the palette in a pair or as decorative", () => {
    const used = new Set(PAIRS.flatMap((pair) => [pair.foreground, pair.background]));
    expect(colourNames.filter((name) => !used.has(name) && !DECORATIVE.has(name))).toEqual([]);
  });

  it("meets AA in the light theme", () => {
    expect(failures(light)).toEqual([]);
  });

  it("meets AA in the dark theme", () => {
    expect(failures(dark)).toEqual([]);
  });
});

describe("focus ring", () => {
  const css = stylesheet.replace(/\/\*[\s\S]*?\*\//g, "");

  it("outlines whatever has keyboard focus, in --focus, at least 2px wide", () => {
    const rule = /(?:^|\})\s*:focus-visible\s*\{([^}]*)\}/.exec(css);
    expect(rule?.[1]).toMatch(/outline:\s*([2-9]|\d{2,})px solid var\(--focus\)/);
  });

  it("is never turned off", () => {
    expect(css).not.toMatch(/outline(-style|-width)?\s*:\s*(none|0)\b/);
  });
});
