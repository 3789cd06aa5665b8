// COUNT official clients in one process, for the rebalance test: each connects to FIRST_URL and, once
// disconnected, reconnects to the URL last sent on stdin as {"thenUrl": ...} (standing in for a Service that
// sends the reconnect to another pod; FIRST_URL until then).
// Events as JSON lines on stdout: connect (i, port, recovered), disconnect (i, reason, at), event (i, event).
const { io } = require('socket.io-client');

const out = (o) => process.stdout.write(JSON.stringify(o) + '\n');
const count = Number(process.env.COUNT);
let thenUrl = process.env.FIRST_URL;
for (let i = 0; i < count; i++) {
  const socket = io(process.env.FIRST_URL, {
    path: process.env.SIO_PATH || '/socket.io',
    transports: ['websocket'],
    forceNew: true,
    reconnectionDelay: 100,
    reconnectionDelayMax: 200,
  });
  socket.on('connect', () => out({ type: 'connect', i, port: new URL(socket.io.uri).port, recovered: !!socket.recovered }));
  socket.on('disconnect', (reason) => {
    out({ type: 'disconnect', i, reason, at: Date.now() });
    socket.io.uri = thenUrl;
  });
  socket.onAny((event) => out({ type: 'event', i, event }));
}
const readline = require('readline');
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  thenUrl = JSON.parse(line).thenUrl;
  out({ type: 'then', url: thenUrl });
});
rl.on('close', () => process.exit(0));
