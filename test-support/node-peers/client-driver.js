// Drives many official socket.io-client sockets from one Node process.
// Reads one JSON command per line on stdin, prints one JSON event per line on stdout.
// Binary travels in the JSON lines as {"$bin": "<base64>"}.
const { io } = require("socket.io-client");
const readline = require("readline");

const sockets = new Map();

function out(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

function toWire(value) {
  if (value && typeof value === "object" && typeof value.$bin === "string" && Object.keys(value).length === 1) {
    return Buffer.from(value.$bin, "base64");
  }
  if (Array.isArray(value)) return value.map(toWire);
  if (value && typeof value === "object") {
    const o = {};
    for (const [k, v] of Object.entries(value)) o[k] = toWire(v);
    return o;
  }
  return value;
}

function fromWire(value) {
  if (Buffer.isBuffer(value)) return { $bin: value.toString("base64") };
  if (value instanceof ArrayBuffer) return { $bin: Buffer.from(value).toString("base64") };
  if (ArrayBuffer.isView(value)) return { $bin: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString("base64") };
  if (Array.isArray(value)) return value.map(fromWire);
  if (value && typeof value === "object") {
    const o = {};
    for (const [k, v] of Object.entries(value)) o[k] = fromWire(v);
    return o;
  }
  return value;
}

function connect(cmd) {
  const opts = Object.assign({ forceNew: true, reconnection: false }, cmd.opts || {});
  if (opts.auth) opts.auth = toWire(opts.auth);
  const socket = io(cmd.url, opts);
  sockets.set(cmd.id, socket);
  socket.on("connect", () => out({ id: cmd.id, type: "connect", sid: socket.id, engineId: socket.io.engine.id, transport: socket.io.engine.transport.name, recovered: !!socket.recovered, pid: socket._pid || null }));
  socket.on("connect_error", (err) => out({ id: cmd.id, type: "connect_error", message: err.message, data: fromWire(err.data) }));
  socket.on("disconnect", (reason) => out({ id: cmd.id, type: "disconnect", reason }));
  socket.io.on("open", () => socket.io.engine.on("upgrade", (t) => out({ id: cmd.id, type: "upgrade", transport: t.name })));
}

function listen(cmd) {
  const socket = sockets.get(cmd.id);
  socket.on(cmd.event, (...args) => {
    let ack = null;
    if (args.length && typeof args[args.length - 1] === "function") ack = args.pop();
    out({ id: cmd.id, type: "event", event: cmd.event, args: fromWire(args), withAck: !!ack });
    if (ack && cmd.ackWith) ack(...toWire(cmd.ackWith));
  });
  // the caller waits for this line, so an event sent right after cannot arrive before its listener
  if (cmd.ref) out({ id: cmd.id, type: "listening", event: cmd.event, ref: cmd.ref });
}

function emit(cmd) {
  const socket = sockets.get(cmd.id);
  const args = toWire(cmd.args || []);
  if (cmd.timeout) {
    socket.timeout(cmd.timeout).emit(cmd.event, ...args, (err, ...answer) => {
      out({ id: cmd.id, type: "ack", ref: cmd.ref, error: err ? err.message : null, args: fromWire(answer) });
    });
  } else if (cmd.ack) {
    socket.emit(cmd.event, ...args, (...answer) => out({ id: cmd.id, type: "ack", ref: cmd.ref, args: fromWire(answer) }));
  } else {
    socket.emit(cmd.event, ...args);
  }
}

async function cycles(cmd) {
  for (let i = 0; i < cmd.n; i++) {
    await new Promise((resolve, reject) => {
      const socket = io(cmd.url, Object.assign({ forceNew: true, reconnection: false }, cmd.opts || {}));
      socket.on("connect", () => { socket.disconnect(); resolve(); });
      socket.on("connect_error", (err) => { socket.close(); reject(err); });
    });
  }
  out({ id: cmd.id, type: "cycles-done", n: cmd.n });
}

const handlers = {
  connect,
  listen,
  emit,
  cycles: (cmd) => cycles(cmd).catch((err) => out({ id: cmd.id, type: "cycles-failed", message: err.message })),
  disconnect: (cmd) => sockets.get(cmd.id).disconnect(),
  transport: (cmd) => out({ id: cmd.id, type: "transport", transport: sockets.get(cmd.id).io.engine.transport.name }),
  close: (cmd) => sockets.get(cmd.id).io.engine.close(),
  // connects a socket again after a close: it presents its pid and last offset, as on an automatic reconnection
  reconnect: (cmd) => sockets.get(cmd.id).connect(),
};

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  if (!line.trim()) return;
  let cmd;
  try {
    cmd = JSON.parse(line);
    handlers[cmd.cmd](cmd);
  } catch (err) {
    out({ id: cmd && cmd.id, type: "driver-error", message: String(err && err.stack || err) });
  }
});
process.stdin.on("end", () => process.exit(0));
out({ type: "ready" });
