// Benchmark publisher: sends "tick" events to one room of several server clusters at an offered rate,
// with the official packages only.
//   MODE=classic: the official @socket.io/redis-emitter 5.1 (PUBLISH on "<key>#/#").
//   MODE=sharded: the official emitter has no sharded mode, so an official Node.js socket.io 4.8 server
//     with createShardedAdapter (no HTTP listener, no clients) does `io.to(room).emit(...)`, which SPUBLISHes
//     on the room's dynamic channel "<prefix>#/#<room>#" (subscriptionMode "dynamic", the default).
// Env: REDIS_URL, MODE, ROOM, TARGETS (comma-separated keys / channel prefixes, one per cluster).
// Each tick's one argument is a string of exactly <size> bytes: "<phase>:<seq>:<sent ms>:<padding>", the
// sending time being a sub-millisecond wall clock (performance.timeOrigin + performance.now()), taken
// for each cluster just before its publish; clusters take turns at going first. The padding is
// JSON-like text that differs from tick to tick (a pool of 64), so permessage-deflate has real work.
// Commands on stdin:
//   run <phase> <rate> <seconds> <size>  publishes rate*seconds ticks to every cluster, at <rate> per
//                                        second from now (catching up after a late timer), then prints
//                                        {"type":"sent", count, firstSend, lastSend, maxLagMs}
//   quit
// Prints {"type":"ready","pid":...} once connected; exits when stdin closes.
const { performance } = require("perf_hooks");
const { createClient } = require("redis");

const say = (obj) => process.stdout.write(JSON.stringify(obj) + "\n");
const now = () => performance.timeOrigin + performance.now();
const room = process.env.ROOM || "bench-room";
const keys = (process.env.TARGETS || "socket.io").split(",");
const redisUrl = process.env.REDIS_URL || "redis://127.0.0.1:6379";
const clients = [];

async function connect() {
  const client = createClient({ url: redisUrl });
  client.on("error", (e) => say({ type: "redisError", message: String(e) }));
  await client.connect();
  clients.push(client);
  return client;
}

async function classicTargets() {
  const { Emitter } = require("@socket.io/redis-emitter");
  const client = await connect();
  return keys.map((key) => {
    const emitter = new Emitter(client, { key });
    return (payload) => emitter.to(room).emit("tick", payload);
  });
}

async function shardedTargets() {
  const { Server } = require("socket.io");
  const { createShardedAdapter } = require("@socket.io/redis-adapter");
  const targets = [];
  for (const key of keys) {
    const pub = await connect();
    const sub = await connect();
    const io = new Server({ adapter: createShardedAdapter(pub, sub, { channelPrefix: key }) });
    targets.push((payload) => io.to(room).emit("tick", payload));
  }
  return targets;
}

// Pseudo-random JSON-like records (fixed seed), the padding pool.
function paddingPool(size) {
  let seed = 12345;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const word = () => Array.from({ length: 3 + Math.floor(random() * 7) },
    () => String.fromCharCode(97 + Math.floor(random() * 26))).join("");
  const pool = [];
  for (let p = 0; p < 64; p++) {
    let text = "";
    while (text.length < size) {
      text += JSON.stringify({ id: Math.floor(random() * 1e6), user: word(), text: [word(), word(), word(), word()]
        .join(" "), score: Math.round(random() * 1e4) / 100 });
    }
    pool.push(text);
  }
  return pool;
}

function payload(pool, size, phase, seq, sent) {
  const head = `${phase}:${seq}:${sent.toFixed(3)}:`;
  return head + pool[seq % pool.length].substring(0, Math.max(0, size - head.length));
}

async function main() {
  const targets = process.env.MODE === "sharded" ? await shardedTargets() : await classicTargets();
  const pools = new Map();
  let running = false;

  function run(phase, rate, seconds, size) {
    if (running) return say({ type: "error", message: "a run is going on" });
    running = true;
    if (!pools.has(size)) pools.set(size, paddingPool(size));
    const pool = pools.get(size);
    const total = Math.max(1, Math.round(rate * seconds));
    const start = now();
    let seq = 0;
    let firstSend = 0;
    let lastSend = 0;
    let maxLag = 0;
    (function tick() {
      const due = Math.min(total, Math.floor(((now() - start) * rate) / 1000) + 1);
      while (seq < due) {
        maxLag = Math.max(maxLag, now() - (start + (seq * 1000) / rate));
        for (let k = 0; k < targets.length; k++) {
          const target = targets[(seq + k) % targets.length];
          const sent = now();
          target(payload(pool, size, phase, seq, sent));
          if (firstSend === 0) firstSend = sent;
          lastSend = sent;
        }
        seq++;
      }
      if (seq < total) return setTimeout(tick, 1);
      running = false;
      say({ type: "sent", phase, count: total, firstSend, lastSend, maxLagMs: Math.round(maxLag * 10) / 10 });
    })();
  }

  require("readline").createInterface({ input: process.stdin }).on("line", (line) => {
    const [cmd, ...args] = line.trim().split(" ");
    if (cmd === "run") run(Number(args[0]), Number(args[1]), Number(args[2]), Number(args[3]));
    if (cmd === "quit") quit();
  });
  process.stdin.on("end", quit);
  say({ type: "ready", pid: process.pid });
}

async function quit() {
  await Promise.allSettled(clients.map((c) => c.quit()));
  process.exit(0);
}

main().catch((e) => { say({ type: "failed", message: String(e && e.stack || e) }); process.exit(1); });
