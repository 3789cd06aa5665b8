// Throughput of the official @socket.io/redis-emitter 5.1 (on redis 4.x), for benchmarks/EmitterBenchmark:
// fire-and-forget `emitter.to(ROOM).emit("msg", i, <SIZE-byte string>)`, PER_ROUND emits per round, the
// completion of every PUBLISH awaited at the end of each round.
// Env: REDIS_URL, KEY, ROOM, PER_ROUND (100000), SIZE (64).
// The emitter hides node-redis's promise, so each client.publish is wrapped to time it from the call to
// Redis's reply (the latency of one emit's completion).
// Commands on stdin:  round <phase>  runs one round, prints
//   {"type":"round","phase":...,"emits":N,"ms":...,"p50Us":...,"p99Us":...,"errors":E}
// quit (or stdin closing) ends the process. Prints {"type":"ready"} once connected.
const { performance } = require("perf_hooks");
const readline = require("readline");
const { createClient } = require("redis");
const { Emitter } = require("@socket.io/redis-emitter");

const say = (obj) => process.stdout.write(JSON.stringify(obj) + "\n");
const perRound = Number(process.env.PER_ROUND || 100000);
const size = Number(process.env.SIZE || 64);
const room = process.env.ROOM || "room";
const text = "x".repeat(size);

(async () => {
  const client = createClient({ url: process.env.REDIS_URL || "redis://127.0.0.1:6379" });
  client.on("error", (e) => say({ type: "redisError", message: String(e) }));
  await client.connect();
  let latencies = null;
  let pending = [];
  let errors = 0;
  const publish = client.publish.bind(client);
  client.publish = (channel, message) => {
    const t0 = performance.now();
    const reply = publish(channel, message);
    const timed = reply.then(() => { latencies.push(performance.now() - t0); },
      () => { errors++; });
    pending.push(timed);
    return reply;
  };
  const emitter = new Emitter(client, { key: process.env.KEY || "socket.io" });

  async function round(phase) {
    latencies = [];
    pending = [];
    errors = 0;
    const target = emitter.to(room);
    const start = performance.now();
    for (let i = 0; i < perRound; i++) target.emit("msg", i, text);
    await Promise.all(pending);
    const ms = performance.now() - start;
    latencies.sort((a, b) => a - b);
    const at = (q) => latencies.length ? Math.round(latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] * 1000) : -1;
    say({ type: "round", phase, emits: perRound, ms, p50Us: at(0.5), p99Us: at(0.99), errors });
  }

  say({ type: "ready" });
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    const [cmd, phase] = line.trim().split(/\s+/);
    if (cmd === "round") await round(phase || "run");
    else if (cmd === "quit") break;
  }
  await client.quit();
  process.exit(0);
})().catch((e) => {
  say({ type: "error", message: String(e.stack || e) });
  process.exit(1);
});
