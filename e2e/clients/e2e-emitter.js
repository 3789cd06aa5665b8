// Sends one broadcast with the official @socket.io/redis-emitter (classic PUBLISH, notepack parser)
// Usage: node e2e-emitter.js <redis-url> <room> <event> <json-arg> [key]
"use strict";
const { createClient } = require("redis");
const { Emitter } = require("@socket.io/redis-emitter");

const [url, room, event, arg, key] = process.argv.slice(2);

(async () => {
  const client = createClient({ url });
  client.on("error", (err) => {
    console.log(JSON.stringify({ event: "error", message: err.message }));
    process.exit(1);
  });
  await client.connect();
  new Emitter(client, { key: key || "socket.io" }).to(room).emit(event, JSON.parse(arg));
  // publish is fire-and-forget in the emitter: a PING round trip makes sure it left before we quit.
  await client.ping();
  console.log(JSON.stringify({ event: "emitted", room, name: event }));
  await client.quit();
})().catch((err) => {
  console.log(JSON.stringify({ event: "error", message: err.message }));
  process.exit(1);
});
