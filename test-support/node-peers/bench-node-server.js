// The official Node.js Socket.IO server (socket.io 4.8.4 + @socket.io/redis-adapter 8.3.0) with the
// same two gateway events the Java node has (`join`, `publish`, acknowledged the same way), so the
// benchmark load runs unchanged against either. Env: PORT, REDIS_URL, KEY (the adapter's key, or the
// channel prefix in sharded mode), MODE (classic | sharded, default classic), DEFLATE_THRESHOLD (unset:
// `perMessageDeflate: false`, the official default; a number: `perMessageDeflate: {threshold: N}`).
// Transports are the official default (polling, then an upgrade to websocket), as the Java node's.
// Prints {"type":"listening","pid":...} and {"type":"stats"} (connections, RSS, heap used) on the "stats"
// command; exits when stdin closes.
const http = require("http");
const { Server } = require("socket.io");
const { createAdapter, createShardedAdapter } = require("@socket.io/redis-adapter");
const { createClient } = require("redis");

const say = (obj) => process.stdout.write(JSON.stringify(obj) + "\n");

async function main() {
  const pub = createClient({ url: process.env.REDIS_URL || "redis://127.0.0.1:6379" });
  const sub = pub.duplicate();
  pub.on("error", (e) => say({ type: "redisError", message: String(e) }));
  sub.on("error", (e) => say({ type: "redisError", message: String(e) }));
  await Promise.all([pub.connect(), sub.connect()]);
  const key = process.env.KEY || "socket.io";
  const adapter = process.env.MODE === "sharded"
    ? createShardedAdapter(pub, sub, { channelPrefix: key })
    : createAdapter(pub, sub, { key });
  const threshold = process.env.DEFLATE_THRESHOLD;
  const io = new Server({ adapter, perMessageDeflate: threshold ? { threshold: Number(threshold) } : false });
  io.on("connection", (socket) => {
    socket.on("join", (room, ack) => {
      socket.join(room);
      if (typeof ack === "function") ack({ rooms: [...socket.rooms].filter((r) => r !== socket.id) });
    });
    socket.on("publish", (request, ack) => {
      io.to(request.room).emit(request.event, ...(request.args || []));
      if (typeof ack === "function") ack({ ok: true });
    });
  });
  const httpServer = http.createServer();
  io.attach(httpServer);
  await new Promise((resolve) => httpServer.listen(Number(process.env.PORT), "127.0.0.1", resolve));
  say({ type: "listening", port: Number(process.env.PORT), pid: process.pid });
  require("readline").createInterface({ input: process.stdin }).on("line", (line) => {
    if (line.trim() === "stats") {
      say({ type: "stats", connections: io.engine.clientsCount, rss: process.memoryUsage().rss,
        heapUsed: process.memoryUsage().heapUsed });
    }
  });
  process.stdin.on("end", async () => {
    io.close();
    await Promise.allSettled([pub.quit(), sub.quit()]);
    process.exit(0);
  });
}

main().catch((err) => { say({ type: "failed", message: err.message }); process.exit(1); });
