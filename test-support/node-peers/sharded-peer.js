// A Node.js Socket.IO server using the official sharded Redis adapter, with one socket.io-client connected
// to it, driven by JSON lines on stdin and reporting JSON lines on stdout.
// usage: node sharded-peer.js <redis-url> <channel-prefix> <static|dynamic|dynamic-private>
"use strict";
const http = require("http");
const readline = require("readline");
const { Server } = require("socket.io");
const { io: connectClient } = require("socket.io-client");
const { createClient } = require("redis");
const { createShardedAdapter } = require("@socket.io/redis-adapter");

const [redisUrl, channelPrefix, subscriptionMode] = process.argv.slice(2);
const print = (obj) => process.stdout.write(JSON.stringify(obj) + "\n");

async function main() {
  const pub = createClient({ url: redisUrl });
  const sub = pub.duplicate();
  pub.on("error", (e) => print({ redisError: String(e) }));
  sub.on("error", (e) => print({ redisError: String(e) }));
  await Promise.all([pub.connect(), sub.connect()]);

  const httpServer = http.createServer();
  const io = new Server(httpServer, {
    adapter: createShardedAdapter(pub, sub, { channelPrefix, subscriptionMode }),
  });
  // server-side events from other nodes; answer acks with a recognisable value
  io.on("hello", (...args) => {
    const cb = typeof args[args.length - 1] === "function" ? args.pop() : null;
    print({ serverSideEmit: args });
    if (cb) cb("node-answer");
  });

  let serverSocket;
  const connected = new Promise((resolve) => io.on("connection", (socket) => {
    serverSocket = socket;
    socket.data = "node-data";
    resolve(socket);
  }));
  await new Promise((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const client = connectClient("http://127.0.0.1:" + httpServer.address().port, { transports: ["websocket"] });
  client.onAny((event, ...args) => {
    const cb = typeof args[args.length - 1] === "function" ? args.pop() : null;
    print({ clientEvent: event, args });
    if (cb) cb("node-ack");
  });
  client.on("disconnect", (reason) => print({ clientDisconnected: reason }));
  await connected;
  print({ ready: true, sid: serverSocket.id, uid: io.of("/").adapter.uid });

  const commands = {
    broadcast: (c) => { (c.rooms && c.rooms.length ? io.to(c.rooms) : io).emit(c.event, ...(c.args || [])); return {}; },
    join: async (c) => { await serverSocket.join(c.room); return {}; },
    fetch: async () => ({ sockets: (await io.fetchSockets()).map((s) => ({ id: s.id, data: s.data })) }),
    ack: () => new Promise((resolve) => io.timeout(c_timeout).emit("ask", (err, responses) =>
      resolve({ error: err ? err.message : null, responses }))),
    sse: () => { io.serverSideEmit("hello", "from-node"); return {}; },
    sseAck: async () => {
      try {
        return { responses: await io.serverSideEmitWithAck("hello", "node-asks") };
      } catch (e) {
        return { error: e.message };
      }
    },
    count: async () => ({ count: await io.of("/").adapter.serverCount() }),
  };
  let c_timeout = 2000;
  readline.createInterface({ input: process.stdin }).on("line", async (line) => {
    const c = JSON.parse(line);
    c_timeout = c.timeout || 2000;
    try {
      print(Object.assign({ done: c.cmd, id: c.id }, await commands[c.cmd](c)));
    } catch (e) {
      print({ done: c.cmd, id: c.id, error: String(e) });
    }
  });
}

main().catch((e) => {
  print({ fatal: String(e && e.stack || e) });
  process.exit(1);
});
