// Benchmark load: raw Engine.IO v4 WebSocket clients (the `ws` package, no socket.io-client overhead),
// spread round-robin over the URLs given, that connect the main namespace and answer pings.
//   node bench-clients.js <count> <room|-> <ws-url> [ws-url...]
// With a room, each client joins it through the gateway's `join` event. Prints {"type":"ready"} once
// all are connected (and joined). Commands on stdin, one per line:
//   publish <count> <window>  one extra client on the first URL sends <count> `publish` requests to the
//                              room ({room, event:"tick", args:[Date.now()]}), at most <window> unanswered;
//                              prints {"type":"report"} when every member got every tick, or after 60 s
//   quit                       closes everything and exits
// Every client stops by itself: the process exits when stdin closes.
const WebSocket = require("ws");

const [count, room, ...urls] = [Number(process.argv[2]), process.argv[3], ...process.argv.slice(4)];
const members = room === "-" ? null : room;
const say = (obj) => process.stdout.write(JSON.stringify(obj) + "\n");
const sockets = [];
let ready = 0;
let failed = 0;
let received = 0;
let lastArrival = 0;
let expected = Infinity;
const latencies = [];

function engineClient(url, onEvent, onReady) {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  ws.on("message", (data) => {
    const text = data.toString();
    if (text === "2") return ws.send("3");
    if (text.startsWith("0")) return ws.send("40");
    if (text.startsWith("40")) return onReady(ws);
    if (text.startsWith("4")) onEvent(text);
  });
  ws.on("error", (err) => { failed++; say({ type: "error", message: err.message }); });
  sockets.push(ws);
  return ws;
}

function onMemberEvent(text) {
  if (text.startsWith("43")) { // the join acknowledgement
    if (++ready === count) say({ type: "ready", clients: ready });
    return;
  }
  if (text.startsWith('42["tick",')) {
    const now = Date.now();
    latencies.push(now - Number(text.substring(10, text.length - 1)));
    lastArrival = now;
    if (++received === expected) report();
  }
}

function openMember(i) {
  engineClient(urls[i % urls.length], onMemberEvent, (ws) => {
    if (members) return ws.send(`420["join",${JSON.stringify(members)}]`);
    if (++ready === count) say({ type: "ready", clients: ready });
  });
}

let publishStart = 0;
let reported = false;
function report() {
  if (reported) return;
  reported = true;
  const sorted = latencies.sort((a, b) => a - b);
  const pct = (p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : -1);
  const seconds = Math.max(1, lastArrival - publishStart) / 1000;
  say({ type: "report", expected, received, seconds, perSecond: Math.round(received / seconds),
    p50: pct(0.5), p99: pct(0.99), max: sorted.length ? sorted[sorted.length - 1] : -1 });
}

function publish(total, window) {
  let sent = 0;
  let acked = 0;
  let seq = 0;
  expected = total * count;
  const ws = engineClient(urls[0], (text) => {
    if (!text.startsWith("43")) return;
    acked++;
    if (sent < total) send(ws); else if (acked === total) say({ type: "published", total });
  }, (ws) => {
    publishStart = Date.now();
    for (let k = 0; k < window && sent < total; k++) send(ws);
  });
  function send(ws) {
    sent++;
    const args = [Date.now()];
    ws.send(`42${seq++}["publish",${JSON.stringify({ room: members, event: "tick", args })}]`);
  }
  setTimeout(report, 60000).unref(); // bounded: report what arrived even if some ticks were lost
}

// open in small batches so the accept queue never overflows
let next = 0;
(function batch() {
  for (let k = 0; k < 250 && next < count; k++) openMember(next++);
  if (next < count) setTimeout(batch, 25);
})();

require("readline").createInterface({ input: process.stdin }).on("line", (line) => {
  const [cmd, a, b] = line.trim().split(" ");
  if (cmd === "publish") publish(Number(a), Number(b || 8));
  if (cmd === "quit") quit();
});
process.stdin.on("end", quit);

function quit() {
  sockets.forEach((ws) => ws.terminate());
  process.exit(0);
}
