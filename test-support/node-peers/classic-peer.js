// An official Socket.IO 4.8 server with the classic Redis adapter (createAdapter) and one
// socket.io-client connected to it. Reads commands as JSON lines on stdin, reports JSON lines on stdout.
// usage: node classic-peer.js <redis-url> <key>
"use strict";
const http = require("http");
const readline = require("readline");
const { Server } = require("socket.io");
const { io: connectClient } = require("socket.io-client");
const { createClient } = require("redis");
const { createAdapter } = require("@socket.io/redis-adapter");

const [redisUrl, key] = process.argv.slice(2);
const print = (obj) => process.stdout.write(JSON.stringify(obj, (k, v) =>
  v && v.type === "Buffer" && Array.isArray(v.data) ? { binary: v.data } : v) + "\n");

async function main() {
  const pub = createClient({ url: redisUrl });
  const sub = pub.duplicate();
  pub.on("error", (e) => print({ redisError: String(e) }));
  sub.on("error", (e) => print({ redisError: String(e) }));
  await Promise.all([pub.connect(), sub.connect()]);

  const httpServer = http.createServer();
  const io = new Server(httpServer, { adapter: createAdapter(pub, sub, { key, requestsTimeout: 2000 }) });
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
  const client = connectClient("http://127.0.0.1:" + httpServer.address().port,
    { transports: ["websocket"], reconnection: false });
  client.onAny((event, ...args) => {
    const cb = typeof args[args.length - 1] === "function" ? args.pop() : null;
    print({ clientEvent: event, args: args.map((a) => (a instanceof ArrayBuffer || Buffer.isBuffer(a))
      ? { binary: Array.from(Buffer.from(a)) } : a) });
    if (cb) cb("node-ack");
  });
  client.on("disconnect", (reason) => print({ clientDisconnected: reason }));
  await connected;
  print({ ready: true, sid: serverSocket.id, uid: io.of("/").adapter.uid });

  const target = (c) => {
    let op = c.rooms && c.rooms.length ? io.to(c.rooms) : io;
    if (c.except && c.except.length) op = op.except(c.except);
    return op;
  };
  const commands = {
    broadcast: (c) => { target(c).emit(c.event, ...(c.args || []), ...(c.binary ? [Buffer.from(c.binary)] : [])); return {}; },
    ack: (c) => new Promise((resolve) => target(c).timeout(c.timeout || 2000).emit("ask", (err, responses) =>
      resolve({ error: err ? err.message : null, responses }))),
    fetch: async (c) => ({ sockets: (await target(c).fetchSockets()).map((s) => ({ id: s.id, data: s.data, rooms: [...s.rooms] })) }),
    rooms: () => ({ rooms: [...serverSocket.rooms] }),
    allRooms: async () => ({ rooms: [...(await io.of("/").adapter.allRooms())] }),
    join: async (c) => { await serverSocket.join(c.room); return {}; },
    socketsJoin: (c) => { target(c).socketsJoin(c.room); return {}; },
    socketsLeave: (c) => { target(c).socketsLeave(c.room); return {}; },
    disconnect: (c) => { target(c).disconnectSockets(true); return {}; },
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
  readline.createInterface({ input: process.stdin }).on("line", async (line) => {
    const c = JSON.parse(line);
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
