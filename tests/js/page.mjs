// Headless Chromium (Debian's) against a running `ctkg serve`, as a person
// would use the page: load /, run a named query by clicking its button,
// read the result table, open a resource's page from a result link and
// read the quoted sentences there. Prints one JSON object for
// tests/it/server.rs to check.
//
//   node tests/js/page.mjs http://127.0.0.1:PORT/ QUERY_NAME LINK_PATH
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium } from "playwright-core";

const [base, queryName, linkPath] = process.argv.slice(2);
const origin = new URL(base).origin;
const profile = mkdtempSync(join(tmpdir(), "ctkg-chromium-"));
const out = { requests: [], foreign: [], consoleErrors: [] };
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
try {
  const page = context.pages()[0] || (await context.newPage());
  page.setDefaultTimeout(20000);
  page.on("request", (r) => {
    const url = r.url();
    out.requests.push(url);
    if (!url.startsWith(origin) && !url.startsWith("data:") && !url.startsWith("blob:")) {
      out.foreign.push(url);
    }
  });
  page.on("console", (m) => {
    if (m.type() === "error") out.consoleErrors.push(m.text());
  });
  page.on("pageerror", (e) => out.consoleErrors.push(String(e)));

  await page.goto(base);
  await page.waitForSelector(".yasqe .CodeMirror");
  out.examples = await page.$$eval("button.example", (bs) => bs.map((b) => b.dataset.name));
  out.title = await page.title();

  await page.click(`button.example[data-name="${queryName}"]`);
  await page.waitForSelector(".yasr table tbody tr td");
  out.headers = await page.$$eval(".yasr table thead th", (ths) => ths.map((t) => t.textContent.trim()));
  out.rows = await page.$$eval(".yasr table tbody tr", (trs) =>
    trs.map((tr) => [...tr.querySelectorAll("td")].map((td) => td.textContent.trim()))
  );
  out.downloads = await page.$$eval("#download-links a", (as) =>
    as.map((a) => ({ format: a.dataset.format, href: a.getAttribute("href") }))
  );
  out.activeQuery = await page.evaluate(() => window.ctkgYasgui.getTab().getQuery());
  out.xss = await page.evaluate(() => window.__ctkgXss === true);

  const link = page.locator(`.yasr table a[href="${linkPath}"]`).first();
  out.linkFound = (await link.count()) > 0;
  if (out.linkFound) {
    await Promise.all([page.waitForURL(`**${linkPath}`), link.click()]);
    out.entityUrl = page.url();
    out.entityTitle = (await page.textContent("h1")).trim();
    out.quotes = await page.$$eval("blockquote.evidence .sentence", (bs) => bs.map((b) => b.textContent.trim()));
    out.marked = await page.$$eval("blockquote.evidence mark", (ms) => ms.map((m) => m.textContent));
    out.svgLinks = await page.$$eval("svg a", (as) => as.map((a) => a.getAttribute("href")));
  }
  await page.screenshot({ path: join(tmpdir(), "ctkg-page.png") });
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(JSON.stringify(out));
