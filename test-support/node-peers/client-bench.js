// Benchmark load: N raw Engine.IO v4 WebSocket clients (the `ws` package, no socket.io-client
// overhead) that connect the main namespace, answer pings and time every "tick" event, whose first
// argument is the sender's Date.now(). Command on stdin: "expect <count>" prints a report with the
// counts and latencies once that many ticks arrived in total.
const WebSocket = require("ws");

const url = process.argv[2];
const n = Number(process.argv[3] || 1000);
let connected = 0;
let received = 0;
let last = 0;
const latencies = [];
let expected = Infinity;

function report() {
  const sorted = latencies.slice().sort((a, b) => a - b);
  const pct = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : -1);
  process.stdout.write(JSON.stringify({ type: "report", received, last, p50: pct(0.5), p99: pct(0.99) }) + "\n");
}

function open(i) {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.on("message", (data) => {
    const text = data.toString();
    if (text === "2") return ws.send("3");
    if (text.startsWith("0")) return ws.send("40");
    if (text.startsWith("40")) {
      if (++connected === n) process.stdout.write(JSON.stringify({ type: "ready", connected }) + "\n");
      return;
    }
    if (text.startsWith("42[\"tick\",")) {
      const now = Date.now();
      const sent = Number(text.substring(10, text.indexOf(",", 10)));
      latencies.push(now - sent);
      received++;
      last = now;
      if (received === expected) report();
    }
  });
  ws.on("error", (err) => process.stdout.write(JSON.stringify({ type: "error", i, message: err.message }) + "\n"));
}

// open in small batches so the accept queue never overflows
let next = 0;
(function batch() {
  for (let k = 0; k < 200 && next < n; k++) open(next++);
  if (next < n) setTimeout(batch, 20);
})();

require("readline").createInterface({ input: process.stdin }).on("line", (line) => {
  const [cmd, arg] = line.trim().split(" ");
  if (cmd === "expect") {
    expected = Number(arg);
    if (received >= expected) report();
  } else if (cmd === "report") {
    report();
  }
});
process.stdin.on("end", () => process.exit(0));
