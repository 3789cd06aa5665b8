// Benchmark load: <count> clients in this one process, spread round-robin over the URLs given.
//   node bench-clients.js <count> <room|-> <url> [url...]
// CLIENT=raw (default): raw Engine.IO v4 WebSocket clients (the `ws` package, no compression offered,
//   ws://... URLs) that connect the main namespace and answer pings and nothing else, so the client side
//   costs little: the idle-connections load.
// CLIENT=official: the official socket.io-client with its default options, as an application or a browser
//   uses it (http://... URLs; long-polling first, then the upgrade to WebSocket, whose handshake offers
//   permessage-deflate), apart from `forceNew` (one connection per client, not one shared Manager).
//   TRANSPORTS=polling keeps them on long-polling (`transports: ["polling"]`).
// With a room, each client joins it through the gateway's `join` event (again after a reconnection).
// Prints {"type":"ready"} once all are connected (and joined).
//
// Official clients time the "tick" events a publisher sends to the room. A tick's one argument is a
// string "<phase>:<seq>:<sent ms, wall clock>:<padding>". Commands on stdin, one per line:
//   phase <id> <capacity> <deadline ms>
//                           get ready for phase <id>, whose sequence numbers are below <capacity>; a tick
//                           later than <deadline> after its sending counts as late; prints {"type":"phase"}
//   report <id> <expected> <until ms>
//                           waits until every client got the <expected> ticks of phase <id> or the wall
//                           clock passes <until>, then prints {"type":"report"}: ticks received, the late
//                           ones, duplicates, disconnections, first and last arrival, the transport each
//                           client is on (and the WebSocket extensions it negotiated), and a histogram of
//                           latencies in 0.1 ms buckets ({bucket: count})
//   quit                    closes everything and exits
// Every client stops by itself: the process exits when stdin closes.
const { performance } = require("perf_hooks");

const [count, room, ...urls] = [Number(process.argv[2]), process.argv[3], ...process.argv.slice(4)];
const members = room === "-" ? null : room;
const say = (obj) => process.stdout.write(JSON.stringify(obj) + "\n");
const now = () => performance.timeOrigin + performance.now(); // sub-millisecond wall clock, as the publisher's
const closers = [];
let ready = 0;

function joined() {
  if (++ready === count) say({ type: "ready", clients: ready, pid: process.pid });
}

// ---- raw Engine.IO clients (idle connections) ----
function openRaw(i) {
  const WebSocket = require("ws");
  const ws = new WebSocket(urls[i % urls.length], { perMessageDeflate: false });
  ws.on("message", (data) => {
    const text = data.toString();
    if (text === "2") return ws.send("3");
    if (text.startsWith("0")) return ws.send("40");
    if (text.startsWith("40")) return members ? ws.send(`420["join",${JSON.stringify(members)}]`) : joined();
    if (text.startsWith("43")) joined(); // the join acknowledgement
  });
  ws.on("error", (err) => say({ type: "error", message: err.message }));
  closers.push(() => ws.terminate());
}

// ---- official socket.io-client clients (fan-out) ----
const phases = new Map(); // id -> {seen: Uint8Array per client, received, duplicates, late..., histogram}
const clientStates = [];

function phaseOf(id) {
  return phases.get(id);
}

function openOfficial(i) {
  const { io } = require("socket.io-client");
  const options = { forceNew: true };
  if (process.env.TRANSPORTS === "polling") options.transports = ["polling"];
  const socket = io(urls[i % urls.length], options);
  const state = { index: clientStates.length, joined: false, disconnects: 0, socket };
  clientStates.push(state);
  socket.on("connect", () => {
    if (!members) {
      if (!state.joined) { state.joined = true; joined(); }
      return;
    }
    socket.emit("join", members, () => {
      if (!state.joined) { state.joined = true; joined(); }
    });
  });
  socket.on("disconnect", () => { state.disconnects++; });
  socket.on("connect_error", (err) => say({ type: "connectError", message: err.message }));
  socket.on("tick", (payload) => {
    const arrival = now();
    const a = payload.indexOf(":");
    const b = payload.indexOf(":", a + 1);
    const c = payload.indexOf(":", b + 1);
    const phase = phaseOf(Number(payload.substring(0, a)));
    if (!phase) return; // a warm-up tick, or one of a phase already reported
    const seq = Number(payload.substring(a + 1, b));
    const latency = arrival - Number(payload.substring(b + 1, c));
    const seen = phase.seen[state.index];
    if (seen[seq]) { phase.duplicates++; return; }
    seen[seq] = 1;
    phase.perClient[state.index]++;
    phase.received++;
    if (latency > phase.deadline) phase.late++;
    const bucket = Math.max(0, Math.round(latency * 10));
    phase.histogram.set(bucket, (phase.histogram.get(bucket) || 0) + 1);
    if (phase.firstArrival === 0) phase.firstArrival = arrival;
    phase.lastArrival = arrival;
    if (phase.waiting && phase.received >= phase.expected * count) phase.finish();
  });
  closers.push(() => socket.disconnect());
}

// How the clients are connected now: {"websocket": n, "polling": n, "websocket+permessage-deflate": n}
function transports() {
  const counts = {};
  for (const { socket } of clientStates) {
    const transport = socket.io.engine && socket.io.engine.transport;
    let name = transport ? transport.name : "none";
    if (name === "websocket" && transport.ws && transport.ws.extensions) name += "+" + transport.ws.extensions;
    counts[name] = (counts[name] || 0) + 1;
  }
  return counts;
}

function startPhase(id, capacity, deadline) {
  phases.set(id, {
    seen: clientStates.map(() => new Uint8Array(capacity)), perClient: clientStates.map(() => 0),
    received: 0, duplicates: 0, late: 0, deadline, histogram: new Map(), firstArrival: 0,
    lastArrival: 0, disconnectsBefore: clientStates.reduce((n, s) => n + s.disconnects, 0), waiting: false,
  });
  say({ type: "phase", phase: id });
}

function reportPhase(id, expected, until) {
  const phase = phaseOf(id);
  if (!phase) return say({ type: "report", phase: id, error: "unknown phase" });
  phase.expected = expected;
  let timer = null;
  phase.finish = () => {
    if (!phase.waiting) return;
    phase.waiting = false;
    clearTimeout(timer);
    phases.delete(id);
    say({ type: "report", phase: id, clients: count, expected: expected * count, received: phase.received,
      late: phase.late, duplicates: phase.duplicates, firstArrival: phase.firstArrival,
      lastArrival: phase.lastArrival, minPerClient: Math.min(...phase.perClient),
      disconnects: clientStates.reduce((n, s) => n + s.disconnects, 0) - phase.disconnectsBefore,
      transports: transports(),
      histogram: Object.fromEntries(phase.histogram) });
  };
  phase.waiting = true;
  if (phase.received >= expected * count) return phase.finish();
  timer = setTimeout(phase.finish, Math.max(0, until - Date.now()));
}

const open = process.env.CLIENT === "official" ? openOfficial : openRaw;
// open in small batches so the accept queue never overflows
let next = 0;
(function batch() {
  for (let k = 0; k < 250 && next < count; k++) open(next++);
  if (next < count) setTimeout(batch, 25);
})();

require("readline").createInterface({ input: process.stdin }).on("line", (line) => {
  const [cmd, ...args] = line.trim().split(" ");
  if (cmd === "phase") startPhase(Number(args[0]), Number(args[1]), Number(args[2]));
  if (cmd === "report") reportPhase(Number(args[0]), Number(args[1]), Number(args[2]));
  if (cmd === "quit") quit();
});
process.stdin.on("end", quit);

function quit() {
  closers.forEach((close) => close());
  process.exit(0);
}
