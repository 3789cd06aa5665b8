// Captures the Redis traffic of two official Socket.IO servers on @socket.io/redis-streams-adapter, with
// connection state recovery on, into test vectors (same shape as the other files under
// protocol/src/test/resources/vectors). A MONITOR connection records every command; phases are ECHO markers.
// usage: node streams-capture.js <redis-port> <output.json>
"use strict";
const http = require("http");
const fs = require("fs");
const net = require("net");
const { Server } = require("socket.io");
const { io: connectClient } = require("socket.io-client");
const { createClient } = require("redis");
const { createAdapter } = require("@socket.io/redis-streams-adapter");
const { decode } = require("@msgpack/msgpack");

const [port, output] = process.argv.slice(2);
const url = "redis://127.0.0.1:" + port;
const lines = [];

// MONITOR quotes each argument and escapes \\ \" \n \r \t \a \b and \xHH
function parseMonitorLine(line) {
  const start = line.indexOf("] ");
  if (start < 0) return null;
  const args = [];
  let i = start + 2;
  while (i < line.length) {
    if (line[i] !== '"') { i++; continue; }
    i++;
    const bytes = [];
    while (i < line.length && line[i] !== '"') {
      if (line[i] === "\\") {
        const c = line[i + 1];
        if (c === "x") { bytes.push(parseInt(line.substr(i + 2, 2), 16)); i += 4; continue; }
        const map = { n: 10, r: 13, t: 9, a: 7, b: 8, '"': 34, "\\": 92 };
        bytes.push(map[c] !== undefined ? map[c] : c.charCodeAt(0));
        i += 2;
        continue;
      }
      bytes.push(line.charCodeAt(i) & 0xff);
      i++;
    }
    args.push(Buffer.from(bytes));
    i++;
  }
  return args;
}

function render(value) {
  if (value instanceof Uint8Array) return { $binary_base64: Buffer.from(value).toString("base64") };
  if (value === undefined) return { $undefined: true };
  if (Array.isArray(value)) return value.map(render);
  if (value && typeof value === "object") {
    const o = {};
    for (const [k, v] of Object.entries(value)) o[k] = render(v);
    return o;
  }
  return value;
}

function decodeStreamData(data) {
  return data.startsWith("{") ? JSON.parse(data) : decode(Buffer.from(data, "base64"));
}

function toVector(phase, source, args) {
  const command = args[0].toString().toUpperCase();
  const strings = args.map((a) => a.toString("utf8"));
  const v = { description: phase, phase, source, command, channel: strings[1] || null, payload_base64: null,
    encoding: null, decoded: null, args: strings.slice(1) };
  if (command === "XADD") {
    const fields = {};
    const star = strings.indexOf("*");
    for (let k = star + 1; k < strings.length; k += 2) fields[strings[k]] = strings[k + 1];
    v.decoded = Object.assign({}, fields);
    if (fields.data !== undefined) {
      v.encoding = fields.data.startsWith("{") ? "json" : "msgpack-base64";
      v.decoded.data = render(decodeStreamData(fields.data));
    }
  } else if (command === "PUBLISH" || command === "SPUBLISH") {
    const payload = args[2];
    v.payload_base64 = payload.toString("base64");
    v.encoding = "msgpack";
    v.decoded = render(decode(payload));
    v.args = [strings[1]];
  } else if (command === "SET" && strings[1].startsWith("sio:session:")) {
    v.encoding = "msgpack-base64";
    v.decoded = render(decode(Buffer.from(strings[2], "base64")));
  }
  return v;
}

async function startServer(name) {
  const redis = createClient({ url, name });
  redis.on("error", () => {});
  await redis.connect();
  const httpServer = http.createServer();
  const io = new Server(httpServer, {
    adapter: createAdapter(redis),
    connectionStateRecovery: { maxDisconnectionDuration: 60_000 },
  });
  io.on("hello", (...args) => {
    const cb = typeof args[args.length - 1] === "function" ? args.pop() : null;
    if (cb) cb(name + "-answer", Buffer.from([9, 8]));
  });
  await new Promise((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
  return { io, redis, httpServer, port: httpServer.address().port };
}

function connectedClient(server, opts) {
  const client = connectClient("http://127.0.0.1:" + server.port, Object.assign({ transports: ["websocket"],
    reconnectionDelay: 50, reconnectionDelayMax: 100 }, opts || {}));
  client.onAny((...args) => {
    const cb = typeof args[args.length - 1] === "function" ? args.pop() : null;
    if (cb) cb("client-ack", Buffer.from([7]));
  });
  return new Promise((resolve) => client.once("connect", () => resolve(client)));
}

const until = (emitter, event) => new Promise((resolve) => emitter.once(event, resolve));
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  // a raw connection: MONITOR answers with one "+<time> [db addr] args..." line per command
  const monitor = net.connect(Number(port), "127.0.0.1");
  await new Promise((resolve) => monitor.once("connect", resolve));
  const marker = createClient({ url, name: "marker" });
  await marker.connect();
  let phase = "startup";
  const clientNames = new Map();
  let pending = "";
  const onLine = (line) => {
    const args = parseMonitorLine(line);
    if (!args || args.length === 0) return;
    const command = args[0].toString().toUpperCase();
    if (command === "ECHO") { phase = args[1].toString(); return; }
    const addr = (line.match(/\[\d+ ([^\]]+)\]/) || [])[1];
    lines.push({ phase, addr, args });
  };
  monitor.on("data", (chunk) => {
    pending += chunk.toString("latin1");
    let nl;
    while ((nl = pending.indexOf("\r\n")) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 2);
      if (line.startsWith("+") && line !== "+OK") onLine(line.slice(1));
    }
  });
  monitor.write("MONITOR\r\n");
  await pause(100);
  const mark = async (name) => { process.stderr.write("phase " + name + "\n"); await marker.echo(name); await pause(150); };

  const s1 = await startServer("s1");
  const s2 = await startServer("s2");
  await pause(300);
  const a = await connectedClient(s1, { reconnection: false });
  const b = await connectedClient(s2);
  await pause(200);
  const sidA = a.id;

  await mark("broadcast");
  s1.io.emit("plain", 1, "two", { three: [3, 3.5, true, null] });
  s1.io.to("room1").emit("to-room", "x");
  s1.io.to(["room1", "room2"]).except("room3").emit("rooms-except", "y");
  s1.io.emit("binary", Buffer.from([1, 2, 3]), { nested: Buffer.from("héllo") });
  s1.io.compress(false).emit("uncompressed", "z");
  s1.io.volatile.emit("volatile", "v");
  s1.io.of("/other").emit("other-nsp", "w");
  s2.io.sockets.sockets.values().next().value.emit("direct", "to b");
  await pause(300);

  await mark("socketsJoin");
  s1.io.in(sidA).socketsJoin(["room1", "room2"]);
  s2.io.socketsJoin("everyone");
  await pause(200);
  await mark("socketsLeave");
  s1.io.in("room2").socketsLeave("room2");
  await pause(200);

  await mark("fetchSockets");
  await s1.io.fetchSockets();
  await s1.io.in("room1").timeout(2000).fetchSockets();
  await mark("serverSideEmit");
  s1.io.serverSideEmit("hello", "plain", 1);
  await pause(200);
  await s1.io.serverSideEmitWithAck("hello", "with-ack", Buffer.from([5]));
  await mark("broadcastWithAck");
  await s1.io.timeout(2000).emitWithAck("ask", "q");
  await mark("serverCount");
  await s1.io.of("/").adapter.serverCount();

  await mark("disconnectSockets");
  const c = await connectedClient(s2);
  s1.io.in(c.id).disconnectSockets(true);
  await pause(300);

  await mark("recovery");
  s1.io.emit("before-drop", 1); // gives client a an offset
  await pause(200);
  const dropped = until(a, "disconnect"); // engine.close() emits it synchronously
  a.io.engine.close();
  await dropped;
  await pause(200);
  s2.io.to("room1").emit("missed", 1);
  s2.io.emit("missed", Buffer.from([4]));
  const back = until(a, "connect");
  a.connect(); // again: it presents its pid and last offset
  await back;
  await pause(300);
  const recovered = a.recovered;

  await mark("done");

  const names = new Map();
  for (const entry of (await marker.sendCommand(["CLIENT", "LIST"])).split("\n")) {
    const addr = (entry.match(/ addr=(\S+)/) || [])[1];
    const name = (entry.match(/ name=(\S*)/) || [])[1];
    if (addr) names.set(addr, name || addr);
  }
  for (const client of [a, b]) client.disconnect();
  for (const s of [s1, s2]) { s.io.close(); }
  await pause(300);
  monitor.destroy();

  const vectors = lines
    .filter((l) => ["XADD", "PUBLISH", "SPUBLISH", "SET", "XRANGE", "XREAD", "GET", "DEL", "PUBSUB", "SUBSCRIBE",
      "MULTI", "EXEC"].includes(l.args[0].toString().toUpperCase()))
    .map((l) => toVector(l.phase, names.get(l.addr) || l.addr, l.args));
  fs.writeFileSync(output, JSON.stringify(vectors, null, 1) + "\n");
  process.stdout.write(JSON.stringify({ done: true, vectors: vectors.length, recovered }) + "\n");
  process.exit(0);
}

main().catch((e) => { console.error(e); process.exit(1); });
