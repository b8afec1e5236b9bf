// Drives sidguard's web page in headless Chromium for WebPageIT, keyboard first, and prints
// what a user would see as one JSON object. The Java test makes every assertion.
//
// usage: node drive-page.mjs BASE_URL HAR_FILE POLICY DOWNLOAD_DIR [SCREENSHOT.png]
import { chromium } from "playwright-core";
import path from "node:path";

const [base, har, policy, downloads, screenshot] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
try {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
  const external = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith("blob:") && !r.url().startsWith("data:")) {
      external.push(r.url());
    }
  });
  const problems = [];
  page.on("pageerror", (e) => problems.push("page error: " + e.message));
  page.on("console", (m) => { if (m.type() === "error") problems.push("console: " + m.text()); });
  await page.goto(base + "/");
  const title = await page.title();
  const labels = await page.$$eval("input, select, button", (els) => els.map((el) =>
    el.labels && el.labels.length > 0 ? el.labels[0].textContent.trim() : (el.textContent || "").trim()));

  // Keyboard: focus the file input, pick the file, Tab to the policy, choose it, Tab to the button, Enter.
  await page.setInputFiles("#har", har);
  await page.focus("#har");
  await page.keyboard.press("Tab");
  const policyFocused = await page.evaluate(() => document.activeElement.id);
  await page.selectOption("#policy", policy);
  await page.keyboard.press("Tab");
  const buttonFocused = await page.evaluate(() => document.activeElement.id);
  await page.keyboard.press("Enter");
  try {
    await page.waitForSelector("#result:not([hidden])", { timeout: 60000 });
  } catch (e) {
    throw new Error("no result shown; status: '" + (await page.textContent("#status")) + "'; " + problems.join("; "));
  }

  const read = (sel) => page.$$eval(sel, (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
  const result = {
    title, labels, external, policyFocused, buttonFocused,
    verdict: await page.textContent("#verdict"),
    summary: await page.textContent("#summary"),
    status: await page.textContent("#status"),
    kinds: await read("#kinds tbody tr"),
    findings: await read("#findings tbody tr"),
  };
  if (screenshot) {
    await page.screenshot({ path: screenshot, fullPage: true });
  }
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download-har")]);
  result.sanitizedName = download.suggestedFilename();
  result.sanitizedFile = path.join(downloads, result.sanitizedName);
  await download.saveAs(result.sanitizedFile);
  const [report] = await Promise.all([page.waitForEvent("download"), page.click("#download-report")]);
  result.reportFile = path.join(downloads, report.suggestedFilename());
  await report.saveAs(result.reportFile);
  process.stdout.write(JSON.stringify(result) + "\n");
} finally {
  await browser.close();
}
