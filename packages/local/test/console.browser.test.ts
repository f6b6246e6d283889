// The console in a real browser (Debian's Chromium, headless) against a local stack (DynamoDB Local, the
// SalesMania sandbox over HTTP): log in (and a wrong key), filter, open a dead event, replay it after fixing
// the sandbox's data, resolve an unknown outcome, preview a payload, a CSRF refusal, and the headers and
// cookie the console must send — on a desktop and on a phone-sized screen.
import type { Browser, Page } from "puppeteer-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clickAndWait, launchChromium, mainText, screenshot } from "./browser.ts";
import { parkUnknownOrder, startTestStack, type TestStack } from "./support.ts";

const HOOK = "shop-visits";
const CONFIG = {
  connections: [{ id: "demo", secret: "salesmania-demo", baseUrl: "http://127.0.0.1:9" }],
  hooks: [
    {
      id: HOOK,
      description: "A zap plans a visit to a shop.",
      source: "zapier",
      connection: "demo",
      action: "CreateVisit",
      auth: { scheme: "api-key", secrets: ["hooks/zapier-visits"] },
      mapping: { "customer.extCustNo": "cust_no", date: "visit_date" },
    },
  ],
};

let stack: TestStack;
let browser: Browser;
let page: Page;
let console_: string;
const ids: { dead?: string; unknown?: string } = {};

async function postVisit(custNo: string, date: string, key: string) {
  const response = await fetch(stack.urls.hooks[HOOK]!, {
    method: "POST",
    headers: { "x-api-key": "demo-zapier-key", "idempotency-key": key, "content-type": "application/json" },
    body: JSON.stringify({ cust_no: custNo, visit_date: date }),
  });
  return ((await response.json()) as { eventId: string }).eventId;
}

beforeAll(async () => {
  browser = await launchChromium();
  stack = await startTestStack({ config: CONFIG });
  console_ = `${stack.urls.webhooks}/console`;
  await postVisit("C-001", "2026-06-01", "browser-ok-1");
  ids.dead = await postVisit("C-900", "2026-06-01", "browser-dead-1");
  const parked = await parkUnknownOrder(stack, { hookId: HOOK, extOrderNo: "SO-BROWSER-1", committed: true });
  expect(parked.kind).toBe("unknown_outcome");
  ids.unknown = parked.eventId;
  page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
});
afterAll(async () => {
  await browser?.close();
  await stack?.close();
});

describe("logging in", () => {
  it("sends a page to the login form, refuses a wrong key, and lets the right one in", async () => {
    const first = await page.goto(console_);
    expect(new URL(page.url()).pathname).toBe("/console/login");
    const csp = first?.headers()["content-security-policy"] ?? "";
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    await screenshot(page, "login");

    await page.type("#key", "not-the-key");
    expect(await clickAndWait(page, "button[type=submit]")).toBe(401);
    expect(await mainText(page)).toContain("That admin key is not valid.");

    await page.type("#key", stack.adminApiKey);
    await page.type("#name", "ana");
    await clickAndWait(page, "button[type=submit]");
    expect(new URL(page.url()).pathname).toBe("/console");
    expect(page.url()).not.toContain(stack.adminApiKey);
    const cookies = await page.cookies();
    const session = cookies.find((cookie) => cookie.name === "smx_console")!;
    expect(session).toMatchObject({ httpOnly: true, sameSite: "Strict", path: "/console" });
    expect(session.value).not.toContain(stack.adminApiKey);
    expect(await page.evaluate(() => JSON.stringify(localStorage))).toBe("{}");
  });

  it("shows the totals and the backlog waiting for a person", async () => {
    const text = await mainText(page);
    expect(text).toContain("Events by status");
    expect(text).toMatch(/dead\s+1\s+/);
    expect(text).toMatch(/unknown_outcome\s+1\s+/);
    expect(await page.$("svg.chart[role=img]")).not.toBeNull();
    await screenshot(page, "overview");
  });

  it("reaches the skip link first with the keyboard", async () => {
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to content");
  });
});

describe("events", () => {
  it("filters by status and hook, and opens a dead event with its cause", async () => {
    await page.goto(`${console_}/events`);
    await page.select("#f-status", "dead");
    await page.select("#f-hook", HOOK);
    await clickAndWait(page, "form.filters button");
    expect(page.url()).toContain("status=dead");
    const rows = await page.$$("tbody tr");
    expect(rows).toHaveLength(1);
    await screenshot(page, "events");
    await clickAndWait(page, `a[href="/console/events/${ids.dead}"]`);
    const text = await mainText(page);
    expect(text).toContain("customer_not_found");
    expect(text).toContain("attempt (inbound");
    await screenshot(page, "event-dead");
  });

  it("finds an event by its dedup key", async () => {
    await page.goto(`${console_}/events?q=browser-ok-1`);
    expect(await mainText(page)).toContain("Found by its event id or dedup key");
    expect(await page.$$("tbody tr")).toHaveLength(1);
  });

  it("replays the dead event after the sandbox has its customer, recorded with the console user", async () => {
    stack.sandbox!.sandbox.seed({
      users: [],
      databases: [],
      customers: [{ databaseId: 2981, name: "Toko Baru", ext_cust_no: "C-900", status: true }],
    });
    await page.goto(`${console_}/events/${ids.dead}`);
    await clickAndWait(page, `a[href="/console/events/${ids.dead}/replay"]`);
    expect(await mainText(page)).toContain("delivers its stored command to SalesMania now");
    await clickAndWait(page, "main form button[type=submit]");
    const text = await mainText(page);
    expect(text).toContain("Done: replay → delivered");
    expect(text).toContain("replay by console:ana");
    expect(stack.sandbox!.sandbox.state().visits.filter((x) => x.date === "2026-06-01")).toHaveLength(2);
  });

  it("warns that replaying an unknown outcome can duplicate the order, and resolves it as existing", async () => {
    await page.goto(`${console_}/events/${ids.unknown}/replay`);
    expect(await mainText(page)).toContain("can create a duplicate order");
    await screenshot(page, "confirm-replay-unknown");
    await page.goto(`${console_}/events/${ids.unknown}/resolve`);
    const orderId = stack.sandbox!.sandbox.state().orders.find((o) => o.ext_order_no === "SO-BROWSER-1")!.id;
    await page.click("input[value=existing]");
    await page.type("#existing", String(orderId));
    await clickAndWait(page, "main form button[type=submit]");
    const text = await mainText(page);
    expect(text).toContain("Done: resolve → delivered");
    expect(text).toContain(`orderId ${orderId}`);
    expect(text).toContain("resolve-existing by console:ana");
    expect(
      stack.sandbox!.sandbox.state().orders.filter((o) => o.ext_order_no === "SO-BROWSER-1"),
    ).toHaveLength(1);
  });

  it("refuses a POST without the session's CSRF token, changing nothing", async () => {
    const fresh = await postVisit("C-901", "2026-06-03", "browser-dead-2");
    const cookie = (await page.cookies()).map((c) => `${c.name}=${c.value}`).join("; ");
    const forged = await fetch(`${console_}/events/${fresh}/dismiss`, {
      method: "POST",
      headers: { cookie, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ reason: "forged", _csrf: "not-the-token" }),
      redirect: "manual",
    });
    expect(forged.status).toBe(403);
    expect(await forged.text()).toContain("nothing was done");
    expect((await stack.runtime.ledger.get(fresh))?.status).toBe("dead");
  });
});

describe("hooks and preview", () => {
  it("lists the hook with its URL, auth scheme (no secret) and counts", async () => {
    await page.goto(`${console_}/hooks`);
    const text = await mainText(page);
    expect(text).toContain(`${stack.urls.webhooks}/hooks/${HOOK}`);
    expect(text).toContain("API key in header x-api-key");
    expect(text).not.toContain("demo-zapier-key");
    await screenshot(page, "hooks");
  });

  it("previews a pasted payload: accepted, its command and its customer; nothing recorded", async () => {
    await page.goto(`${console_}/preview`);
    await page.type("#p-payload", JSON.stringify({ cust_no: "C-002", visit_date: "2026-06-09" }));
    await clickAndWait(page, "main form button[type=submit]");
    const text = await mainText(page);
    expect(text).toContain("accepted: it would be recorded and delivered");
    expect(text).toContain('"date": "2026-06-09"');
    expect(text).toContain("customer: SalesMania id 100002");
    await screenshot(page, "preview");
    const id = await page.$eval("dd code", (el) => el.textContent);
    expect(id).toBeTruthy();
    expect(stack.sandbox!.sandbox.state().visits.filter((x) => x.date === "2026-06-09")).toEqual([]);
  });

  it("refuses the sender's key when it is wrong, and names a header line it cannot read", async () => {
    await page.goto(`${console_}/preview`);
    await page.type("#p-payload", JSON.stringify({ cust_no: "C-002", visit_date: "2026-06-10" }));
    await page.type("#p-headers", "X-Api-Key: not-the-key");
    await clickAndWait(page, "main form button[type=submit]");
    const refused = await mainText(page);
    expect(refused).toContain("refused: nothing would be recorded or delivered");
    expect(refused).toContain("not authentic, on the headers given");
    expect(refused).toContain('"extCustNo": "C-002"');
    await page.$eval("#p-headers", (area) => {
      (area as HTMLTextAreaElement).value = "no colon here";
    });
    expect(await clickAndWait(page, "main form button[type=submit]")).toBe(400);
    expect(await mainText(page)).toContain('headers: line 1 is not "Name: value"');
  });

  it("fits a phone's screen without sideways scrolling", async () => {
    await page.setViewport({ width: 390, height: 844, isMobile: true });
    await page.goto(`${console_}/events?status=delivered`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await screenshot(page, "events-phone");
  });

  it("logs out: the session cookie is gone and pages send to the login form", async () => {
    await page.setViewport({ width: 1200, height: 900 });
    await page.goto(console_);
    await clickAndWait(page, "header form button");
    await page.goto(`${console_}/events`);
    expect(new URL(page.url()).pathname).toBe("/console/login");
  });
});
