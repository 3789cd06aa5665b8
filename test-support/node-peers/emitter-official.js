// Replays a list of calls with the official @socket.io/redis-emitter 5.1 so that a test can compare
// the bytes it publishes with another emitter's for the same calls.
//
// Usage: node emitter-official.js <calls.json>; environment REDIS_URL, KEY, PARSER (msgpack | json).
// Each call: {op, nsp?, to?, except?, volatile?, compress?, args}; {"$binary_base64": ...} is a Buffer.
// Prints {"type":"done","count":N} once every publish has reached Redis.
const fs = require("fs");
const { createClient } = require("redis");
const { Emitter } = require("@socket.io/redis-emitter");

function revive(value) {
  if (Array.isArray(value)) return value.map(revive);
  if (value && typeof value === "object") {
    if (Object.keys(value).length === 1 && "$binary_base64" in value) return Buffer.from(value.$binary_base64, "base64");
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, revive(v)]));
  }
  return value;
}

(async () => {
  const calls = JSON.parse(fs.readFileSync(process.argv[2], "utf8"));
  const client = createClient({ url: process.env.REDIS_URL || "redis://127.0.0.1:6379" });
  client.on("error", (e) => console.log(JSON.stringify({ type: "error", message: String(e) })));
  await client.connect();
  const parser = process.env.PARSER === "json" ? { encode: JSON.stringify, decode: JSON.parse } : undefined;
  const options = { key: process.env.KEY || "socket.io" };
  if (parser) options.parser = parser; // an explicit undefined would replace the default parser
  const root = new Emitter(client, options);
  for (const call of calls) {
    let target = call.nsp ? root.of(call.nsp) : root;
    // flags are applied in the order the call lists them: the emitter keeps that order on the wire
    for (const field of Object.keys(call)) {
      if (field === "to") target = target.to(call.to);
      if (field === "except") target = target.except(call.except);
      if (field === "volatile") target = target.volatile;
      if (field === "compress") target = target.compress(call.compress);
    }
    const args = revive(call.args);
    if (call.op === "emit") target.emit(...args);
    else if (call.op === "socketsJoin") target.socketsJoin(args);
    else if (call.op === "socketsLeave") target.socketsLeave(args);
    else if (call.op === "disconnectSockets") target.disconnectSockets(args[0]);
    else if (call.op === "serverSideEmit") target.serverSideEmit(...args);
    else throw new Error("unknown op " + call.op);
  }
  await client.quit(); // QUIT is answered after every queued PUBLISH
  console.log(JSON.stringify({ type: "done", count: calls.length }));
})().catch((e) => {
  console.log(JSON.stringify({ type: "error", message: String(e.stack || e) }));
  process.exit(1);
});
