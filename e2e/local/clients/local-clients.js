// Official socket.io-client 4.x sockets for the local e2e tests (e2e/local), many in one process.
// Each client binds its own loopback address (127.0.x.y) before connecting, so that the Service stand-in's
// ClientIP affinity sees one client IP per client, as it would for clients on different machines.
//
// Commands, one JSON object per line on stdin:
//   {"cmd":"connect","url":"http://127.0.0.1:PORT","path":"/socket.io","verbose":true,
//    "clients":[{"id":0,"address":"127.0.1.1","rooms":["r1"]}, ...]}
//       connects the clients (WebSocket only: the client sockets bind their address); each joins its rooms
//       through the node's gateway after every (re)connect. verbose: print every received event.
//   {"cmd":"join","client":0,"room":"r"}                               -> {"event":"ack","client":0,"cmd":"join",...}
//   {"cmd":"publish","client":0,"room":"r","event":"chat","args":[..]} -> {"event":"ack",...}
//   {"cmd":"load","event":"load","ratePerClient":1.5}   each joined client publishes {from,seq,t} to its first room
//   {"cmd":"stop-load"}
//   {"cmd":"status","req":1}  -> {"event":"status","req":1,"clients":N,"connected":N,"joined":N,
//       "receiving":N (clients that received a "load" message), "received":N (all "load" messages received),
//       "recovered":N, "notRecovered":N (reconnections whose session connection state recovery restored, or not)}
//   {"cmd":"report","req":2}  -> {"event":"report","req":2,"clients":[...]}: per client its reconnects, the
//       intervals it was joined ([joinedAt, leftAt|null]), what it received of event "load" (ranges of seq per
//       sender; the Java emitter's messages have no "from" and count as sender "emitter") and what it published.
// Output: one JSON object per line. A server-side disconnect (a draining node) is followed by an immediate
// socket.connect(), as the socket.io documentation tells applications to do; other losses reconnect by
// themselves with socket.io-client's default back-off.
// The process ends when stdin closes, and after LOCAL_E2E_CLIENT_LIFETIME_MS (default 30 min) in any case.
"use strict";
const { io } = require("socket.io-client");
const readline = require("node:readline");

const out = (line) => process.stdout.write(JSON.stringify(line) + "\n");
const lifetime = Number(process.env.LOCAL_E2E_CLIENT_LIFETIME_MS || 30 * 60 * 1000);
setTimeout(() => {
  out({ event: "error", message: "lifetime over, exiting" });
  process.exit(3);
}, lifetime).unref();

const clients = new Map();
// reconnections (connects after the first) that recovered their session, and that did not
const reconnections = { recovered: 0, notRecovered: 0 };
let verbose = false;
let load = null;

function connect(command) {
  verbose = !!command.verbose;
  for (const spec of command.clients) {
    const state = {
      id: spec.id,
      address: spec.address,
      rooms: spec.rooms || [],
      connects: 0,
      joined: false,
      intervals: [], // [joinedAt, leftAt|null]
      received: new Map(), // sender -> Set of seq
      published: [], // [seq, t]
      publishErrors: 0,
      trace: [], // [at, what, detail]: connects, disconnects, connect errors, joins, to explain long absences
      loadCount: 0,
      seq: 0,
      socket: null,
    };
    const socket = io(command.url, {
      path: command.path || "/socket.io",
      transports: ["websocket"],
      localAddress: spec.address,
      forceNew: true,
    });
    state.socket = socket;
    clients.set(spec.id, state);
    socket.on("connect", () => {
      state.connects++;
      state.trace.push([Date.now(), "connect", socket.recovered ? "recovered" : "new"]);
      if (state.connects > 1) {
        // with connection state recovery on, socket.recovered says whether the session came back
        if (socket.recovered) reconnections.recovered++;
        else reconnections.notRecovered++;
      }
      out({ event: "connected", client: spec.id, id: socket.id, connects: state.connects, recovered: socket.recovered });
      if (state.rooms.length === 0) {
        return;
      }
      socket.timeout(10000).emit("join", state.rooms, (err, result) => {
        if (err || (result && result.error)) {
          state.trace.push([Date.now(), "join_failed", err ? err.message : result.error]);
          out({ event: "join_failed", client: spec.id, message: err ? err.message : result.error });
          return;
        }
        if (!socket.connected) {
          return;
        }
        state.joined = true;
        state.intervals.push([Date.now(), null]);
        state.trace.push([Date.now(), "joined", ""]);
        out({ event: "joined", client: spec.id, rooms: result.rooms });
      });
    });
    socket.on("disconnect", (reason) => {
      const now = Date.now();
      if (state.joined) {
        state.intervals[state.intervals.length - 1][1] = now;
      }
      state.joined = false;
      state.trace.push([now, "disconnect", reason]);
      out({ event: "disconnected", client: spec.id, reason, at: now });
      if (reason === "io server disconnect") {
        socket.connect();
      }
    });
    socket.on("connect_error", (err) => {
      state.trace.push([Date.now(), "connect_error", err.message]);
      if (verbose) {
        out({ event: "connect_error", client: spec.id, message: err.message });
      }
    });
    socket.on("load", (message) => {
      if (!message || typeof message.seq !== "number") {
        return;
      }
      const sender = message.from === undefined ? "emitter" : String(message.from);
      let seen = state.received.get(sender);
      if (!seen) {
        seen = new Set();
        state.received.set(sender, seen);
      }
      seen.add(message.seq);
      state.loadCount++;
    });
    socket.onAny((event, ...args) => {
      if (verbose && event !== "load") {
        out({ event: "received", client: spec.id, name: event, args });
      }
    });
  }
  out({ event: "connecting", clients: command.clients.length });
}

function ranges(set) {
  const sorted = Array.from(set).sort((a, b) => a - b);
  const result = [];
  for (const value of sorted) {
    const last = result[result.length - 1];
    if (last && value === last[1] + 1) {
      last[1] = value;
    } else {
      result.push([value, value]);
    }
  }
  return result;
}

function startLoad(command) {
  stopLoad();
  const period = 1000 / command.ratePerClient;
  const timers = [];
  for (const state of clients.values()) {
    const tick = () => {
      if (!state.joined || state.rooms.length === 0) {
        return;
      }
      const seq = ++state.seq;
      const t = Date.now();
      state.published.push([seq, t]);
      const body = { room: state.rooms[0], event: command.event || "load", args: [{ from: state.id, seq, t }] };
      state.socket.timeout(10000).emit("publish", body, (err, result) => {
        if (err || (result && result.error)) {
          state.publishErrors++;
        }
      });
    };
    // spread the clients over one period so the rate is even
    const start = setTimeout(() => timers.push(setInterval(tick, period)), Math.random() * period);
    timers.push(start);
  }
  load = timers;
  out({ event: "load_started", clients: clients.size, ratePerClient: command.ratePerClient });
}

function stopLoad() {
  if (load) {
    for (const timer of load) {
      clearTimeout(timer);
      clearInterval(timer);
    }
    load = null;
  }
}

readline.createInterface({ input: process.stdin }).on("line", (line) => {
  let command;
  try {
    command = JSON.parse(line);
  } catch (e) {
    out({ event: "error", message: "not JSON: " + line });
    return;
  }
  const ack = (result) => out({ event: "ack", client: command.client, cmd: command.cmd, result });
  const state = clients.get(command.client);
  switch (command.cmd) {
    case "connect":
      connect(command);
      break;
    case "join":
      state.socket.timeout(10000).emit("join", command.room, (err, result) => ack(err ? { error: err.message } : result));
      break;
    case "publish": {
      const body = { room: command.room, event: command.event, args: command.args || [] };
      state.socket.timeout(10000).emit("publish", body, (err, result) => ack(err ? { error: err.message } : result));
      break;
    }
    case "load":
      startLoad(command);
      break;
    case "stop-load":
      stopLoad();
      out({ event: "load_stopped" });
      break;
    case "status": {
      let connected = 0;
      let joined = 0;
      let receiving = 0;
      let received = 0;
      for (const s of clients.values()) {
        connected += s.socket.connected ? 1 : 0;
        joined += s.joined ? 1 : 0;
        receiving += s.loadCount > 0 ? 1 : 0;
        received += s.loadCount;
      }
      out({
        event: "status", req: command.req, clients: clients.size, connected, joined, receiving, received,
        recovered: reconnections.recovered, notRecovered: reconnections.notRecovered,
      });
      break;
    }
    case "report": {
      const report = [];
      for (const s of clients.values()) {
        const received = {};
        for (const [sender, seen] of s.received) {
          received[sender] = ranges(seen);
        }
        report.push({
          id: s.id,
          address: s.address,
          room: s.rooms[0],
          connects: s.connects,
          intervals: s.intervals,
          received,
          published: s.published,
          publishErrors: s.publishErrors,
          trace: s.trace,
        });
      }
      out({ event: "report", req: command.req, clients: report });
      break;
    }
    default:
      out({ event: "error", message: "unknown command " + command.cmd });
  }
});

process.stdin.on("end", () => {
  stopLoad();
  for (const s of clients.values()) {
    s.socket.close();
  }
  process.exit(0);
});
out({ event: "started" });
