// Two official socket.io 4.8 servers sharing Redis through @socket.io/redis-adapter (classic createAdapter
// or createShardedAdapter) or @socket.io/redis-streams-adapter, with real socket.io-client clients, for the
// Java emitter's tests.
//
// Environment: REDIS_URL (redis://127.0.0.1:6379), ADAPTER (classic | sharded | streams), KEY (key / channel prefix,
// and stream name in streams mode), PARSER (msgpack | json, classic only),
// SUBSCRIPTION_MODE (static | dynamic | dynamic-private, sharded only), STREAM_COUNT (streams only, default 1),
// RECOVERY (1: connectionStateRecovery on the servers; events then carry their offset as last argument).
//
// Clients: c1 and c2 on server A, c3 on server B (namespace "/"); c4 on server B (namespace "/custom").
// Output: one JSON object per line ({type: ready|event|disconnect|server-side|rooms|joined|error}).
// Commands on stdin: "rooms <seq>", "join <seq> <client> <room>", "reconnect <seq>",
// "drop <seq> <client>" (closes its transport, as a network cut; waits until its server let it go),
// "recover <seq> <client>" (connects that socket again, with its session id and last offset).
const http = require("http");
const readline = require("readline");
const { Server } = require("socket.io");
const { io: connect } = require("socket.io-client");
const { createClient } = require("redis");
const { createAdapter, createShardedAdapter } = require("@socket.io/redis-adapter");
const { createAdapter: createStreamsAdapter } = require("@socket.io/redis-streams-adapter");

const adapterKind = process.env.ADAPTER || "classic";
const key = process.env.KEY || "socket.io";
const mode = process.env.SUBSCRIPTION_MODE || "dynamic";
const streamCount = Number(process.env.STREAM_COUNT || "1");
const recovery = process.env.RECOVERY === "1";
const parser = process.env.PARSER === "json" ? { encode: JSON.stringify, decode: JSON.parse } : undefined;
const CLIENTS = { c1: ["A", "/"], c2: ["A", "/"], c3: ["B", "/"], c4: ["B", "/custom"] };

const print = (obj) => process.stdout.write(JSON.stringify(obj) + "\n");

// Binary arrives as a Buffer (or ArrayBuffer); render it the way the spec's vectors do.
function render(value) {
  if (Buffer.isBuffer(value) || value instanceof ArrayBuffer) {
    return { $binary_base64: Buffer.from(value).toString("base64") };
  }
  if (Array.isArray(value)) return value.map(render);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, render(v)]));
  }
  return value;
}

// The name lets sync() find this process's stream readers in CLIENT LIST (the adapter duplicates the client).
function redisClient() {
  return createClient({ url: process.env.REDIS_URL || "redis://127.0.0.1:6379", name: `${key}-peer` });
}

const servers = {};
const sockets = {};
const connections = [];

async function startServer(name) {
  const pub = redisClient();
  const sub = pub.duplicate();
  const control = pub.duplicate();
  for (const c of [pub, sub, control]) c.on("error", (e) => print({ type: "error", server: name, message: String(e) }));
  await Promise.all([pub.connect(), sub.connect(), control.connect()]);
  connections.push(pub, sub, control);
  const adapter = adapterKind === "streams"
    ? createStreamsAdapter(pub, { streamName: key, streamCount, channelPrefix: key })
    : adapterKind === "sharded"
      ? createShardedAdapter(pub, sub, { channelPrefix: key, subscriptionMode: mode })
      : createAdapter(pub, sub, { key, parser });
  const httpServer = http.createServer();
  const io = new Server(httpServer, recovery
    ? { adapter, connectionStateRecovery: { maxDisconnectionDuration: 60000 } }
    : { adapter });
  for (const nsp of ["/", "/custom"]) {
    io.of(nsp).on("hello", (...args) => print({ type: "server-side", server: name, nsp, event: "hello", args: render(args) }));
  }
  await new Promise((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  servers[name] = { io, httpServer, control, port: httpServer.address().port };
}

// Subscriptions are asynchronous: wait until Redis counts every server's subscriber on each channel.
async function countFor(channel, sharded) {
  const reply = await servers.A.control.sendCommand(["PUBSUB", sharded ? "SHARDNUMSUB" : "NUMSUB", channel]);
  return Number(reply[1]);
}

async function awaitSubscribers(channel, expected, sharded) {
  for (let i = 0; i < 500; i++) {
    if ((await countFor(channel, sharded)) >= expected) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  print({ type: "error", message: `no ${expected} subscribers on ${channel}` });
}

// Channels that must be subscribed before the Java side may publish: namespace channels always,
// room channels of the rooms that exist now in the dynamic sharded modes.
async function sync() {
  if (adapterKind === "streams") return syncStreams();
  const sharded = adapterKind === "sharded";
  for (const nsp of ["/", "/custom"]) {
    await awaitSubscribers(sharded ? `${key}#${nsp}#` : `${key}-request#${nsp}#`, 2, sharded);
    if (!sharded || mode === "static") continue;
    const hosts = new Map();
    for (const { io } of Object.values(servers)) {
      const adapter = io.of(nsp).adapter;
      for (const room of adapter.rooms.keys()) {
        const isSid = adapter.sids.has(room);
        if (mode === "dynamic" && isSid) continue;
        hosts.set(room, (hosts.get(room) || 0) + 1);
      }
    }
    for (const [room, n] of hosts) await awaitSubscribers(`${key}#${nsp}#${room}#`, n, true);
  }
}

// Streams: serverSideEmit comes over Pub/Sub on P#NSP#, everything else from the streams, read from "$" on:
// an entry added before a reader's first XREAD is never seen, so wait until every reader has issued one.
async function syncStreams() {
  for (const nsp of ["/", "/custom"]) await awaitSubscribers(`${key}#${nsp}#`, 2, false);
  const expected = 2 * streamCount;
  for (let i = 0; i < 500; i++) {
    const list = await servers.A.control.sendCommand(["CLIENT", "LIST"]);
    const readers = list.split("\n").filter((l) => l.includes(` name=${key}-peer `) && l.includes(" cmd=xread")).length;
    if (readers >= expected) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  print({ type: "error", message: `fewer than ${expected} stream readers` });
}

function connectClient(name) {
  const [serverName, nsp] = CLIENTS[name];
  return new Promise((resolve) => {
    const socket = connect(`http://127.0.0.1:${servers[serverName].port}${nsp}`, {
      transports: ["websocket"], forceNew: true, reconnection: false,
    });
    socket.onAny((event, ...args) => print({ type: "event", client: name, event, args: render(args) }));
    socket.on("disconnect", (reason) => print({ type: "disconnect", client: name, reason }));
    socket.once("connect", () => resolve(socket));
    sockets[name] = socket;
  });
}

async function ready(seq) {
  await sync();
  const clients = {};
  for (const [name, [server, nsp]] of Object.entries(CLIENTS)) clients[name] = { id: sockets[name].id, server, nsp };
  print({ type: "ready", seq, clients });
}

function serverSocket(name) {
  const [serverName, nsp] = CLIENTS[name];
  return servers[serverName].io.of(nsp).sockets.get(sockets[name].id);
}

async function handle(line) {
  const [command, seq, ...rest] = line.trim().split(/\s+/);
  if (command === "rooms") {
    await sync();
    const rooms = {};
    for (const name of Object.keys(CLIENTS)) {
      const socket = serverSocket(name);
      rooms[name] = socket ? [...socket.rooms].filter((r) => r !== socket.id).sort() : null;
    }
    print({ type: "rooms", seq, rooms });
  } else if (command === "join") {
    serverSocket(rest[0]).join(rest[1]);
    await sync();
    print({ type: "joined", seq });
  } else if (command === "drop") {
    const sid = sockets[rest[0]].id;
    const [serverName, nsp] = CLIENTS[rest[0]];
    sockets[rest[0]].io.engine.close();
    for (let i = 0; i < 500 && servers[serverName].io.of(nsp).sockets.has(sid); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    print({ type: "dropped", seq });
  } else if (command === "recover") {
    const socket = sockets[rest[0]];
    await new Promise((resolve) => {
      socket.once("connect", resolve);
      socket.connect();
    });
    await sync();
    print({ type: "recovered", seq, client: rest[0], id: socket.id, recovered: socket.recovered });
  } else if (command === "reconnect") {
    for (const name of Object.keys(CLIENTS)) {
      if (!sockets[name].connected) await connectClient(name);
    }
    await ready(seq);
  }
}

(async () => {
  await startServer("A");
  await startServer("B");
  for (const name of Object.keys(CLIENTS)) await connectClient(name);
  await ready("0");
  const input = readline.createInterface({ input: process.stdin });
  // commands run one after the other; end of input waits for the last one, then shuts down
  let chain = Promise.resolve();
  input.on("line", (line) => {
    chain = chain.then(() => handle(line)).catch((e) => print({ type: "error", message: String(e.stack || e) }));
  });
  input.on("close", async () => {
    await chain;
    for (const socket of Object.values(sockets)) socket.close();
    for (const { io } of Object.values(servers)) io.close();
    await Promise.allSettled(connections.map((c) => c.quit()));
    process.exit(0);
  });
})().catch((e) => {
  print({ type: "error", message: String(e.stack || e) });
  process.exit(1);
});
