// A stand-in container for the controller tests of e2e/local (StatefulSetControllerIT): answers 200 to any
// HTTP request on every port in FAKE_PORTS ("3000:41001,9090:41002", container port : local port), 500 to
// the path in FAKE_FAIL_PATH, prints each request and the SIGTERM, and exits on SIGTERM after
// FAKE_TERM_DELAY_MS (default 0); GET /file answers the current content of the file FAKE_SERVE_FILE names (a
// downwardAPI volume, say). Ends by itself after 10 minutes in any case.
"use strict";
const fs = require("node:fs");
const http = require("node:http");

const ports = (process.env.FAKE_PORTS || "").split(",").filter(Boolean).map((pair) => Number(pair.split(":")[1]));
for (const port of ports) {
  http.createServer((req, res) => {
    console.log(JSON.stringify({ event: "request", method: req.method, path: req.url, at: Date.now() }));
    if (req.url === "/file" && process.env.FAKE_SERVE_FILE) {
      fs.readFile(process.env.FAKE_SERVE_FILE, "utf8", (err, text) => {
        res.statusCode = err ? 404 : 200;
        res.end(err ? String(err) : text);
      });
      return;
    }
    res.statusCode = req.url === process.env.FAKE_FAIL_PATH ? 500 : 200;
    res.end("ok");
  }).listen(port, "127.0.0.1");
}
process.on("SIGTERM", () => {
  console.log(JSON.stringify({ event: "SIGTERM", at: Date.now() }));
  setTimeout(() => process.exit(0), Number(process.env.FAKE_TERM_DELAY_MS || 0));
});
setTimeout(() => process.exit(2), 10 * 60 * 1000).unref();
console.log(JSON.stringify({ event: "started", ports }));
