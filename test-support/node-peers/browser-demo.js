// Drives the node's demo page in headless Chromium: opens the page of node A and of node B, joins the
// same room in both, sends a chat message from A and waits until B shows it. Prints one JSON line per
// step on stdout ({"type":"step"...}), then {"type":"done"} or {"type":"failed","message":...} and exits.
// Env: URL_A, URL_B (the nodes' base URLs), ROOM, SCREENSHOT_DIR, CHROMIUM (default /usr/bin/chromium).
const fs = require("fs");
const os = require("os");
const path = require("path");
const { chromium } = require("playwright-core");

const urlA = process.env.URL_A;
const urlB = process.env.URL_B;
const room = process.env.ROOM || "lobby";
const shots = process.env.SCREENSHOT_DIR || ".";
const executable = process.env.CHROMIUM || "/usr/bin/chromium";
const STEP_TIMEOUT = 15000;

// The flags CI needs: no sandbox (root), no GPU, and no traffic to anything but the nodes.
const FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync"];

const failures = [];
const say = (obj) => process.stdout.write(JSON.stringify(obj) + "\n");

const pages = {};

async function openChat(context, url, label) {
  const page = await context.newPage();
  pages[label] = page;
  page.on("pageerror", (err) => {
    say({ type: "page-error", page: label, message: err.message });
    failures.push(`${label}: script error ${err.message}`);
  });
  // The page has no favicon; any other failed request is a broken page.
  page.on("response", (res) => {
    if (res.status() >= 400 && !res.url().endsWith("/favicon.ico")) {
      say({ type: "http-error", page: label, url: res.url(), status: res.status() });
      failures.push(`${label}: ${res.url()} answered ${res.status()}`);
    }
  });
  await page.goto(url, { timeout: STEP_TIMEOUT });
  await page.waitForSelector("#status.up", { timeout: STEP_TIMEOUT });
  await page.fill("#room", room);
  await page.click("#join");
  await page.waitForSelector(`#log li.info:has-text("in rooms: ${room}")`, { timeout: STEP_TIMEOUT });
  say({ type: "step", page: label, step: "joined", status: await page.textContent("#status") });
  return page;
}

async function main() {
  if (!fs.existsSync(executable)) {
    throw new Error(`Chromium not found at ${executable}: install it (apt-get install -y chromium) or set CHROMIUM`);
  }
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), "demo-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: executable, headless: true, args: FLAGS, viewport: { width: 900, height: 640 },
    // a browser start is the one CPU-heavy step: on 2 busy cores it has taken more than 30 s (docs/testing.md)
    timeout: 90000,
  });
  try {
    const a = await openChat(context, urlA, "A");
    const b = await openChat(context, urlB, "B");
    const text = `hello from A ${Date.now()}`;
    await a.fill("#name", "alice");
    await a.fill("#text", text);
    await a.click("#send");
    say({ type: "step", page: "A", step: "sent", text });
    await b.waitForSelector(`#log li:has-text("alice: ${text}")`, { timeout: STEP_TIMEOUT });
    // the sender is in the room too, so its own page shows the message as well
    await a.waitForSelector(`#log li:has-text("alice: ${text}")`, { timeout: STEP_TIMEOUT });
    say({ type: "step", page: "B", step: "received", text });
    fs.mkdirSync(shots, { recursive: true });
    await a.screenshot({ path: path.join(shots, "demo-node-a.png") });
    await b.screenshot({ path: path.join(shots, "demo-node-b.png") });
    const errors = await b.$$eval("#log li.error", (items) => items.map((li) => li.textContent));
    if (errors.length) throw new Error("page B shows errors: " + errors.join("; "));
    if (failures.length) throw new Error("failed requests: " + failures.join("; "));
    say({ type: "done", screenshots: [path.join(shots, "demo-node-a.png"), path.join(shots, "demo-node-b.png")] });
  } catch (err) {
    await describePages();
    throw err;
  } finally {
    await context.close();
    fs.rmSync(userDataDir, { recursive: true, force: true });
  }
}

// On failure: what each page showed, in words and as a screenshot.
async function describePages() {
  for (const [label, page] of Object.entries(pages)) {
    try {
      const status = await page.textContent("#status");
      const log = await page.$$eval("#log li", (items) => items.map((li) => li.className + ": " + li.textContent));
      say({ type: "page-state", page: label, status, log });
      fs.mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: path.join(shots, `failure-node-${label.toLowerCase()}.png`) });
    } catch (e) {
      say({ type: "page-state", page: label, unavailable: e.message });
    }
  }
}

main().then(() => process.exit(0), (err) => {
  say({ type: "failed", message: String(err && err.message ? err.message : err) });
  process.exit(1);
});
