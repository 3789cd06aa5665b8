// One Node.js process for the mixed Java/Node.js cluster tests: an official Socket.IO 4.8 server on the
// official Redis adapter (classic createAdapter or createShardedAdapter) or the official Redis Streams adapter
// (@socket.io/redis-streams-adapter, with connection state recovery on), any number of socket.io-client
// clients (connected to this server or to a Java node), and, in classic mode, the official emitter.
// usage: node mixed-peer.js <redis-url> <classic|sharded|streams> <key-or-channel-prefix> [static|dynamic|dynamic-private]
// In streams mode the stream is "<key>-stream" and sessions are "<key>:session:<pid>". A TCP proxy
// (proxyStart/proxyDown/proxyUp) stands for a load balancer: a client connected through it can lose its
// connection and come back on another server, as in a rolling restart.
// Commands are JSON lines on stdin ({id, cmd, ...}); every answer is {done, id, ...}. Clients report
// {client, connected|upgraded|event|disconnected, ...}. Binary travels as {binary: [bytes]}.
"use strict";
const http = require("http");
const readline = require("readline");
const { Server } = require("socket.io");
const { io: connectClient } = require("socket.io-client");
const { createClient } = require("redis");
const { createAdapter, createShardedAdapter } = require("@socket.io/redis-adapter");
const { Emitter } = require("@socket.io/redis-emitter");
const { createAdapter: createStreamsAdapter } = require("@socket.io/redis-streams-adapter");
const net = require("net");

const [redisUrl, mode, key, subscriptionMode] = process.argv.slice(2);

const toJson = (v) => {
  if (Buffer.isBuffer(v)) return { binary: Array.from(v) };
  if (v instanceof ArrayBuffer) return { binary: Array.from(Buffer.from(v)) };
  if (Array.isArray(v)) return v.map(toJson);
  if (v && typeof v === "object") return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toJson(x)]));
  return v;
};
const fromJson = (v) => {
  if (Array.isArray(v)) return v.map(fromJson);
  if (v && typeof v === "object") {
    if (Object.keys(v).length === 1 && Array.isArray(v.binary)) return Buffer.from(v.binary);
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fromJson(x)]));
  }
  return v;
};
const print = (obj) => process.stdout.write(JSON.stringify(toJson(obj)) + "\n");
const popAck = (args) => (typeof args[args.length - 1] === "function" ? args.pop() : null);

// the same handlers as the Java node's, so a test can drive either kind of node the same way
function serveSocket(socket) {
  socket.data = { node: "node", name: socket.handshake.auth.name || null };
  socket.on("join", (room, cb) => { socket.join(room); if (cb) cb([...socket.rooms]); });
  socket.on("leave", (room, cb) => { socket.leave(room); if (cb) cb([...socket.rooms]); });
  socket.on("echo", (value, cb) => { if (cb) cb(value); });
  socket.on("relay", (r, cb) => { socket.to(r.room).emit(r.event, ...(r.args || [])); if (cb) cb("relayed"); });
}

async function main() {
  const pub = createClient({ url: redisUrl });
  const sub = pub.duplicate();
  pub.on("error", (e) => print({ redisError: String(e) }));
  sub.on("error", (e) => print({ redisError: String(e) }));
  await Promise.all([pub.connect(), sub.connect()]);
  const streams = mode === "streams";
  const adapter = mode === "sharded"
    ? createShardedAdapter(pub, sub, { channelPrefix: key, subscriptionMode: subscriptionMode || "dynamic" })
    : streams
      ? createStreamsAdapter(pub, { streamName: key + "-stream", channelPrefix: key, sessionKeyPrefix: key + ":session:" })
      : createAdapter(pub, sub, { key, requestsTimeout: 3000 });

  const httpServer = http.createServer();
  const io = new Server(httpServer, streams
    ? { adapter, connectionStateRecovery: { maxDisconnectionDuration: 60000, skipMiddlewares: true } }
    : { adapter });
  io.on("connection", serveSocket);
  io.on("hello", (...args) => {
    const cb = popAck(args);
    print({ serverSideEmit: args });
    if (cb) cb("answer-from-node");
  });
  await new Promise((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  const emitter = mode === "classic" ? new Emitter(pub, { key }) : null;

  // the stand-in load balancer: forwards each connection to the current target port; while down it
  // drops every connection at once, so a client retries until it is up again (maybe towards another server)
  const proxy = { target: 0, up: true, sockets: new Set(), server: null };
  const proxyConnection = (inbound) => {
    if (!proxy.up) return inbound.destroy();
    const outbound = net.connect(proxy.target, "127.0.0.1");
    proxy.sockets.add(inbound).add(outbound);
    const drop = () => { inbound.destroy(); outbound.destroy(); proxy.sockets.delete(inbound); proxy.sockets.delete(outbound); };
    inbound.on("error", drop).on("close", drop);
    outbound.on("error", drop).on("close", drop);
    inbound.pipe(outbound).pipe(inbound);
  };

  const clients = new Map();
  const target = (c, base = io) => {
    let op = c.rooms && c.rooms.length ? base.to(c.rooms) : base;
    if (c.except && c.except.length) op = op.except(c.except);
    return op;
  };
  const findSocket = async (sid) => {
    const found = (await io.fetchSockets()).find((s) => s.id === sid);
    if (!found) throw new Error("no socket " + sid + " in the cluster");
    return found;
  };
  const commands = {
    connect: (c) => new Promise((resolve) => {
      // c.reconnect: the official client's own reconnection, quick, as a client behind a balancer uses it
      const opts = c.reconnect
        ? { forceNew: true, reconnectionDelay: 100, reconnectionDelayMax: 200, auth: { name: c.name } }
        : { forceNew: true, reconnection: false, auth: { name: c.name } };
      if (c.transports) opts.transports = c.transports;
      const client = connectClient(c.url, opts);
      clients.set(c.name, client);
      client.io.on("open", () => client.io.engine.on("upgrade", (t) => print({ client: c.name, upgraded: t.name })));
      client.onAny((event, ...args) => {
        const cb = popAck(args);
        // with connection state recovery the client's listeners see the packet's offset as a last argument:
        // reported apart, so that tests compare the application's arguments whatever the recovery setting
        const offset = client._pid && args.length && /^[0-9]+-[0-9]+$/.test(args[args.length - 1])
          ? args.pop() : undefined;
        print({ client: c.name, event, args, offset });
        if (cb) cb("ack-" + c.name);
      });
      client.on("disconnect", (reason) => print({ client: c.name, disconnected: reason }));
      client.on("connect_error", (e) => resolve({ error: e.message }));
      client.on("connect", () => {
        // _pid is the private session id the client will present (read for the tests' eyes only)
        print({ client: c.name, connected: client.id, recovered: client.recovered, pid: client._pid || null });
        resolve({ sid: client.id, transport: client.io.engine.transport.name });
      });
    }),
    emit: (c) => clients.get(c.name).timeout(c.timeout || 3000).emitWithAck(c.event, ...fromJson(c.args || []))
      .then((answer) => ({ answer }), (e) => ({ error: e.message })),
    close: (c) => { clients.get(c.name).close(); return {}; },
    transport: (c) => ({ transport: clients.get(c.name).io.engine.transport.name }),
    broadcast: (c) => { target(c).emit(c.event, ...fromJson(c.args || [])); return {}; },
    ask: (c) => new Promise((resolve) => target(c).timeout(c.timeout || 3000).emit("ask", (err, responses) =>
      resolve({ error: err ? err.message : null, responses }))),
    fetch: async (c) => ({ sockets: (await target(c).fetchSockets())
      .map((s) => ({ id: s.id, data: s.data, rooms: [...s.rooms] })) }),
    remoteEmit: async (c) => { (await findSocket(c.sid)).emit(c.event, ...fromJson(c.args || [])); return {}; },
    remoteJoin: async (c) => { (await findSocket(c.sid)).join(c.room); return {}; },
    remoteLeave: async (c) => { (await findSocket(c.sid)).leave(c.room); return {}; },
    remoteDisconnect: async (c) => { (await findSocket(c.sid)).disconnect(true); return {}; },
    socketsJoin: (c) => { target(c).socketsJoin(c.room); return {}; },
    socketsLeave: (c) => { target(c).socketsLeave(c.room); return {}; },
    disconnect: (c) => { target(c).disconnectSockets(true); return {}; },
    sse: (c) => { io.serverSideEmit("hello", ...(c.args || [])); return {}; },
    sseAck: (c) => io.serverSideEmitWithAck("hello", ...(c.args || []))
      .then((responses) => ({ responses }), (e) => ({ error: e.message })),
    count: async () => ({ count: await io.of("/").adapter.serverCount() }),
    proxyStart: (c) => new Promise((resolve) => {
      proxy.target = c.target;
      proxy.server = net.createServer(proxyConnection).listen(0, "127.0.0.1", () => resolve({ port: proxy.server.address().port }));
    }),
    proxyDown: () => { proxy.up = false; proxy.sockets.forEach((s) => s.destroy()); proxy.sockets.clear(); return {}; },
    proxyUp: (c) => { proxy.target = c.target; proxy.up = true; return {}; },
    emitterEmit: (c) => {
      if (!emitter) throw new Error("the official emitter has no sharded mode");
      target(c, emitter).emit(c.event, ...fromJson(c.args || []));
      return {};
    },
  };
  readline.createInterface({ input: process.stdin }).on("line", async (line) => {
    let c = {};
    try {
      c = JSON.parse(line);
      print(Object.assign({ done: c.cmd, id: c.id }, await commands[c.cmd](c)));
    } catch (e) {
      print({ done: c.cmd, id: c.id, error: String(e) });
    }
  });
  process.stdin.on("end", () => process.exit(0));
  print({ ready: true, port: httpServer.address().port, uid: io.of("/").adapter.uid });
}

main().catch((e) => {
  print({ fatal: String(e && e.stack || e) });
  process.exit(1);
});
