// Real socket.io-client 4.x clients for the e2e tests, one per URL given on the command line.
// Prints one JSON line per thing that happens; reads JSON commands from stdin:
//   {"cmd":"join","client":0,"room":"r"}
//   {"cmd":"publish","client":0,"room":"r","event":"chat","args":["hi"]}
"use strict";
const { io } = require("socket.io-client");
const readline = require("node:readline");

const out = (line) => process.stdout.write(JSON.stringify(line) + "\n");

const sockets = process.argv.slice(2).map((url, client) => {
  // Reconnection stays on: the pod-deletion test expects clients to come back by themselves.
  const socket = io(url, { transports: ["websocket"], reconnectionDelay: 200, reconnectionDelayMax: 1000 });
  socket.on("connect", () => out({ event: "connected", client, id: socket.id }));
  socket.on("disconnect", (reason) => {
    out({ event: "disconnected", client, reason });
    // A draining node disconnects its clients on purpose, and socket.io-client does not retry after a
    // server-side disconnect: reconnect by hand, as applications behind a rolling cluster do.
    if (reason === "io server disconnect") {
      setTimeout(() => socket.connect(), 200);
    }
  });
  socket.on("connect_error", (err) => out({ event: "connect_error", client, message: err.message }));
  socket.onAny((event, ...args) => out({ event: "received", client, name: event, args }));
  return socket;
});

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  let command;
  try {
    command = JSON.parse(line);
  } catch (e) {
    out({ event: "error", message: "not JSON: " + line });
    return;
  }
  const socket = sockets[command.client];
  if (!socket) {
    out({ event: "error", message: "no client " + command.client });
    return;
  }
  const ack = (result) => out({ event: "ack", client: command.client, cmd: command.cmd, result });
  if (command.cmd === "join") {
    socket.timeout(5000).emit("join", command.room, (err, result) => ack(err ? { error: err.message } : result));
  } else if (command.cmd === "publish") {
    const body = { room: command.room, event: command.event, args: command.args || [] };
    socket.timeout(5000).emit("publish", body, (err, result) => ack(err ? { error: err.message } : result));
  } else {
    out({ event: "error", message: "unknown command " + command.cmd });
  }
});

process.stdin.on("end", () => {
  sockets.forEach((socket) => socket.close());
  process.exit(0);
});
out({ event: "started", clients: sockets.length });
