// The official Node.js Socket.IO server (socket.io 4.8.4 + @socket.io/redis-adapter 8.3.0) with the
// same two gateway events the Java node has (`join`, `publish`, acknowledged the same way), so the
// benchmark load runs unchanged against either. Env: PORT, REDIS_URL, KEY. Prints {"type":"listening"}
// and {"type":"stats"} (connections, RSS, heap used) on the "stats" command; exits when stdin closes.
const { Server } = require("socket.io");
const { createAdapter } = require("@socket.io/redis-adapter");
const { createClient } = require("redis");

const say = (obj) => process.stdout.write(JSON.stringify(obj) + "\n");

async function main() {
  const pub = createClient({ url: process.env.REDIS_URL || "redis://127.0.0.1:6379" });
  const sub = pub.duplicate();
  await Promise.all([pub.connect(), sub.connect()]);
  const io = new Server({ transports: ["websocket"], adapter: createAdapter(pub, sub, { key: process.env.KEY }) });
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
  io.listen(Number(process.env.PORT));
  say({ type: "listening", port: Number(process.env.PORT) });
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
