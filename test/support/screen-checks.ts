/// <reference lib="dom" />
/**
 * Checks every browser suite runs over each screen it reaches (through `screenshot` in
 * browser.ts, or directly): the rendered text shows no raw id, permission string, snake_case
 * code or internal field name, and axe-core finds no WCAG 2.1 A/AA violation. E-mail addresses
 * and web addresses are people's words and are left out of the text check, as is text marked as
 * code.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { expect } from 'vitest';

/** What a person should never read on a screen, each with the name a failure reports. */
export const MACHINE_TEXT: readonly (readonly [string, RegExp])[] = [
  ['raw id (UUID)', /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i],
  ['snake_case code', /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/],
  ['permission string or field path', /\b[a-z]{2,}(?:\.[a-z][a-zA-Z0-9]+)+\b/],
  ['internal field name (camelCase)', /\b[a-z]+[A-Z][a-zA-Z0-9]*\b/],
];

/** E-mail and web addresses, removed before the check (they are what people typed or use). */
const PEOPLES_ADDRESSES = [/\S+@\S+/g, /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, /\bwww\.\S+/gi];

/** The pieces of `text` that read as machine text, with what each is. */
export function machineTextIn(text: string): { kind: string; found: string }[] {
  const words = PEOPLES_ADDRESSES.reduce((rest, pattern) => rest.replace(pattern, ' '), text);
  const found: { kind: string; found: string }[] = [];
  for (const [kind, pattern] of MACHINE_TEXT) {
    const global = new RegExp(pattern.source, `${pattern.flags}g`);
    for (const match of words.matchAll(global)) found.push({ kind, found: match[0] });
  }
  return found;
}

/**
 * Fails when the page's rendered text (dialogs included) holds machine text. Text a screen marks
 * as code on purpose (`<code>`, `<kbd>`, `<samp>`: a file's column names, a key to type) is
 * left out.
 */
export async function expectReadableScreen(page: Page, screen: string): Promise<void> {
  // Text node by text node (two inline elements side by side, "Add a passkey" and "Sign out",
  // are two texts, not "passkeySign"), visible ones only, code-marked text aside.
  const text = await page.evaluate(() => {
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const parts: string[] = [];
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const element = node.parentElement;
      if (element === null || element.closest('code, kbd, samp, script, style') !== null) continue;
      if (!element.checkVisibility()) continue;
      parts.push(node.textContent ?? '');
    }
    return parts.join('\n');
  });
  const found = machineTextIn(text).map((m) => `${m.kind}: "${m.found}"`);
  expect(found.join('; '), `machine text on the screen "${screen}" (${page.url()})`).toBe('');
}

let axeSource: string | undefined;

/** axe-core's browser build, read once from its package. */
function axeScript(): string {
  axeSource ??= readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Runs axe-core (WCAG 2.0 and 2.1, levels A and AA) on the page and fails on any violation.
 * The script goes in through the DevTools protocol, which the page's CSP does not govern.
 */
export async function expectNoAxeViolations(page: Page, screen: string): Promise<void> {
  const loaded = await page.evaluate(() => 'axe' in window);
  if (!loaded) await page.evaluate(axeScript());
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } }).axe;
    const result = (await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    })) as { violations: AxeViolation[] };
    return result.violations.map((v) => ({
      rule: v.id,
      impact: v.impact,
      help: v.help,
      where: v.nodes.map((n) => n.target.join(' ')).slice(0, 5),
    }));
  });
  expect(JSON.stringify(violations), `axe-core violations on the screen "${screen}" (${page.url()})`).toBe(
    '[]',
  );
}

/**
 * Both checks: what each browser suite calls after reaching a screen. `knownUnreadable` names a
 * screen's open gap (the text check is skipped for it, axe-core still runs); every use is a
 * to-do listed in the issue it cites.
 */
export async function checkScreen(
  page: Page,
  screen: string,
  options: { knownUnreadable?: string } = {},
): Promise<void> {
  if (options.knownUnreadable === undefined) await expectReadableScreen(page, screen);
  await expectNoAxeViolations(page, screen);
}
