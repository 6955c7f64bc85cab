// axe-core in the unit tests: runs the WCAG 2.0/2.1 A and AA rules on what is rendered and
// fails with each violation's rule, help text and the elements it found.
import axe from "axe-core";

/** The same tags as e2e/support.mjs assertAccessible. */
export const WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/**
 * axe's "best practice" rules about the page's structure, on top of the WCAG tags: headings in
 * order, one main landmark and one h1, all content inside landmarks. They are how a screen reader
 * user moves around the window (WCAG 1.3.1 and 2.4.1 in spirit), so they are held to as well.
 */
const STRUCTURE_RULES = [
  "heading-order",
  "empty-heading",
  "page-has-heading-one",
  "landmark-one-main",
  "landmark-unique",
  "region",
];

/** The violations axe finds in `context` (the whole document by default). */
export async function axeViolations(context: axe.ElementContext = document): Promise<axe.Result[]> {
  const results = await axe.run(context, {
    runOnly: { type: "tag", values: WCAG_TAGS },
    rules: {
      ...Object.fromEntries(STRUCTURE_RULES.map((rule) => [rule, { enabled: true }])),
      // jsdom does no layout and applies no stylesheet, so axe cannot work out the colours
      // text is drawn in. Contrast is checked on the palette in theme-contrast.test.ts and in
      // real WebKit by the e2e tests (assertAccessible runs this rule).
      "color-contrast": { enabled: false },
    },
  });
  return results.violations;
}

/** One paragraph per violation: rule id, impact, help, and the selector of each element. */
export function describeViolations(violations: axe.Result[]): string {
  return violations
    .map((violation) => {
      const nodes = violation.nodes
        .map((node) => `    ${node.target.join(" ")}\n      ${node.failureSummary ?? ""}`)
        .join("\n");
      return `${violation.id} (${violation.impact ?? "no impact"}): ${violation.help}\n${nodes}`;
    })
    .join("\n");
}

/** Fails, listing what axe found, unless the document has no WCAG A/AA violations. */
export async function expectNoAxeViolations(where: string): Promise<void> {
  const violations = await axeViolations();
  if (violations.length > 0) {
    throw new Error(
      `axe found ${violations.length} violation(s) in ${where}:\n${describeViolations(violations)}`,
    );
  }
}
