// Debian's Chromium driven by puppeteer-core for the console's browser tests (its own browser download cannot
// reach the internet here). A missing Chromium is an error, never a skip: `.ci/run` installs it.
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer-core";

export const CHROMIUM = process.env.SMX_CHROMIUM ?? "/usr/bin/chromium";

export class ChromiumMissingError extends Error {
  override name = "ChromiumMissingError";
  constructor(path: string) {
    super(`no Chromium at ${path}: install it (apt-get install chromium) or set SMX_CHROMIUM to its path`);
  }
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new ChromiumMissingError(CHROMIUM);
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    // Root in CI containers has no user namespace for Chromium's sandbox; /dev/shm is small in containers.
    args: ["--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu", "--no-first-run"],
  });
}

/** Clicks and waits for the page it leads to (a link or a form's submit). */
export async function clickAndWait(page: Page, selector: string): Promise<number | undefined> {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  return response?.status();
}

/** The visible text of the page's <main> (as a person reads it: rendered, so innerText on purpose). */
// biome-ignore lint/performance/useDomNodeTextContent: the rendered text, with its line breaks, is the point
export const mainText = (page: Page) => page.$eval("main", (main) => (main as HTMLElement).innerText);

/**
 * Saves a screenshot when SMX_CONSOLE_SCREENSHOTS names a folder (`node scripts/console-screenshots.mjs` sets it
 * to docs/console); otherwise does nothing, so a test run writes no files.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.SMX_CONSOLE_SCREENSHOTS;
  if (!dir) return;
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: join(dir, `${name}.png`) as `${string}.png`, fullPage: true });
}
