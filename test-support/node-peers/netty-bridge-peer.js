// The Node.js side of the netty-socketio bridge tests: an official Socket.IO 4.8 server on the official
// classic Redis adapter serving the namespaces "/" and "/chat", the official emitter, and any number of
// socket.io-client sockets (connected to this server, to a Java node or to a netty-socketio server; the
// namespace is the URL's path). Commands and clients may name a namespace (nsp, "/" by default).
// usage: node netty-bridge-peer.js <redis-url> <key>
// Commands are JSON lines on stdin ({id, cmd, ...}); every answer is {done, id, ...}. Clients report
// {client, connected|event|disconnected, ...}; server-side emits arrive as {serverSideEmit, nsp}.
// Binary travels as {binary: [bytes]}.
"use strict";
const http = require("http");
const readline = require("readline");
const { Server } = require("socket.io");
const { io: connectClient } = require("socket.io-client");
const { createClient } = require("redis");
const { createAdapter } = require("@socket.io/redis-adapter");
const { Emitter } = require("@socket.io/redis-emitter");

const [redisUrl, key] = process.argv.slice(2);
const NAMESPACES = ["/", "/chat"];

function encode(value) {
  if (Buffer.isBuffer(value)) return { binary: [...value] };
  if (value instanceof ArrayBuffer) return { binary: [...new Uint8Array(value)] };
  if (ArrayBuffer.isView(value)) return { binary: [...new Uint8Array(value.buffer, value.byteOffset, value.byteLength)] };
  if (Array.isArray(value)) return value.map(encode);
  if (value && typeof value === "object") {
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = encode(v);
    return out;
  }
  return value;
}
function decode(value) {
  if (Array.isArray(value)) return value.map(decode);
  if (value && typeof value === "object") {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "binary" && Array.isArray(value.binary)) return Buffer.from(value.binary);
    const out = {};
    for (const [k, v] of Object.entries(value)) out[k] = decode(v);
    return out;
  }
  return value;
}
const print = (line) => process.stdout.write(JSON.stringify(encode(line)) + "\n");
const takeAck = (args) => (args.length && typeof args[args.length - 1] === "function" ? args.pop() : null);

function serve(socket) {
  socket.data = { node: "node", name: (socket.handshake.auth && socket.handshake.auth.name) || null };
  socket.on("join", (room, cb) => { socket.join(room); if (cb) cb([...socket.rooms]); });
  socket.on("leave", (room, cb) => { socket.leave(room); if (cb) cb([...socket.rooms]); });
  socket.on("echo", (value, cb) => { if (cb) cb(value); });
  socket.on("relay", (r, cb) => { socket.to(r.room).emit(r.event, ...decode(r.args || [])); if (cb) cb("relayed"); });
}

async function main() {
  const pub = createClient({ url: redisUrl });
  const sub = pub.duplicate();
  pub.on("error", (e) => print({ redisError: String(e) }));
  sub.on("error", (e) => print({ redisError: String(e) }));
  await Promise.all([pub.connect(), sub.connect()]);

  const httpServer = http.createServer();
  const io = new Server(httpServer, { adapter: createAdapter(pub, sub, { key, requestsTimeout: 3000 }) });
  for (const name of NAMESPACES) {
    const nsp = io.of(name);
    nsp.on("connection", serve);
    nsp.on("hello", (...args) => {
      const cb = takeAck(args);
      print({ serverSideEmit: args, nsp: name });
      if (cb) cb("answer-from-node" + (name === "/" ? "" : name));
    });
  }
  await new Promise((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const emitter = new Emitter(pub, { key });

  const clients = new Map();
  const select = (c, base) => {
    let op = base;
    if (c.rooms && c.rooms.length) op = op.to(c.rooms);
    if (c.except && c.except.length) op = op.except(c.except);
    return op;
  };
  const nspOf = (c) => io.of(c.nsp || "/");
  const findSocket = async (c) => {
    const found = (await nspOf(c).fetchSockets()).find((s) => s.id === c.sid);
    if (!found) throw new Error("no socket " + c.sid + " in " + (c.nsp || "/") + " of the cluster");
    return found;
  };
  const commands = {
    connect: (c) => new Promise((resolve) => {
      const opts = { forceNew: true, reconnection: false, auth: { name: c.name } };
      if (c.transports) opts.transports = c.transports;
      const client = connectClient(c.url, opts);
      clients.set(c.name, client);
      client.onAny((event, ...args) => {
        const cb = takeAck(args);
        print({ client: c.name, event, args });
        if (cb) cb("ack-" + c.name);
      });
      client.on("disconnect", (reason) => print({ client: c.name, disconnected: reason }));
      client.on("connect_error", (e) => resolve({ error: "connect_error: " + e.message }));
      client.on("connect", () => resolve({ sid: client.id, transport: client.io.engine.transport.name }));
    }),
    emit: (c) => clients.get(c.name).timeout(c.timeout || 3000).emitWithAck(c.event, ...decode(c.args || []))
      .then((answer) => ({ answer }), (e) => ({ error: e.message })),
    close: (c) => { clients.get(c.name).close(); return {}; },
    broadcast: (c) => { select(c, nspOf(c)).emit(c.event, ...decode(c.args || [])); return {}; },
    ask: (c) => new Promise((resolve) => select(c, nspOf(c)).timeout(c.timeout || 3000).emit(c.event || "ask",
      (err, responses) => resolve({ failure: err ? err.message : null, responses }))),
    fetch: async (c) => ({ sockets: (await select(c, nspOf(c)).fetchSockets()).map((s) => ({
      id: s.id, data: s.data, rooms: [...s.rooms], handshake: s.handshake })) }),
    remoteEmit: async (c) => { (await findSocket(c)).emit(c.event, ...decode(c.args || [])); return {}; },
    remoteJoin: async (c) => { (await findSocket(c)).join(c.room); return {}; },
    remoteLeave: async (c) => { (await findSocket(c)).leave(c.room); return {}; },
    remoteDisconnect: async (c) => { (await findSocket(c)).disconnect(!!c.close); return {}; },
    socketsJoin: (c) => { select(c, nspOf(c)).socketsJoin(c.room); return {}; },
    socketsLeave: (c) => { select(c, nspOf(c)).socketsLeave(c.room); return {}; },
    disconnect: (c) => { select(c, nspOf(c)).disconnectSockets(!!c.close); return {}; },
    sse: (c) => { nspOf(c).serverSideEmit("hello", ...decode(c.args || [])); return {}; },
    sseAck: (c) => nspOf(c).serverSideEmitWithAck("hello", ...decode(c.args || []))
      .then((responses) => ({ responses }), (e) => ({ failure: e.message })),
    count: async (c) => ({ count: await nspOf(c).adapter.serverCount() }),
    allRooms: async (c) => ({ rooms: [...(await nspOf(c).adapter.allRooms())] }),
    emitterEmit: (c) => { select(c, emitter.of(c.nsp || "/")).emit(c.event, ...decode(c.args || [])); return {}; },
    emitterSocketsJoin: (c) => { select(c, emitter.of(c.nsp || "/")).socketsJoin(c.room); return {}; },
    emitterSocketsLeave: (c) => { select(c, emitter.of(c.nsp || "/")).socketsLeave(c.room); return {}; },
    emitterDisconnect: (c) => { select(c, emitter.of(c.nsp || "/")).disconnectSockets(!!c.close); return {}; },
    emitterSse: (c) => { emitter.of(c.nsp || "/").serverSideEmit("hello", ...decode(c.args || [])); return {}; },
  };
  readline.createInterface({ input: process.stdin }).on("line", async (line) => {
    let c = {};
    try {
      c = JSON.parse(line);
      print(Object.assign({ done: c.cmd, id: c.id }, await commands[c.cmd](c)));
    } catch (e) {
      print({ done: c.cmd, id: c.id, error: String(e && e.stack || e) });
    }
  });
  process.stdin.on("end", () => process.exit(0));
  print({ ready: true, port: httpServer.address().port });
}

main().catch((e) => {
  print({ fatal: String(e && e.stack || e) });
  process.exit(1);
});
