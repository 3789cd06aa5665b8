// A socket.io-client driven by the Java test: commands as JSON lines on stdin, events as JSON lines on stdout.
// env: URL (http://127.0.0.1:port/namespace), SIO_PATH, TRANSPORTS (comma separated), NAME
const { io } = require('socket.io-client');
const readline = require('readline');

const out = (o) => process.stdout.write(JSON.stringify(Object.assign({ name: process.env.NAME || '' }, o)) + '\n');
const transports = (process.env.TRANSPORTS || 'polling,websocket').split(',');
const socket = io(process.env.URL, {
  path: process.env.SIO_PATH || '/socket.io',
  transports,
  reconnection: process.env.RECONNECT === 'true',
  auth: process.env.AUTH ? JSON.parse(process.env.AUTH) : undefined,
});

socket.on('connect', () => out({ type: 'connect', id: socket.id, transport: socket.io.engine.transport.name,
  recovered: !!socket.recovered, pid: socket._pid || null }));
socket.on('connect_error', (err) => out({ type: 'connect_error', message: err.message, data: err.data }));
socket.on('disconnect', (reason) => out({ type: 'disconnect', reason, at: Date.now() }));
socket.onAny((event, ...args) => out({ type: 'event', event, args }));

const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const cmd = JSON.parse(line);
  if (cmd.cmd === 'emit') {
    if (cmd.ack) {
      socket.timeout(cmd.timeoutMs || 2000).emit(cmd.event, ...(cmd.args || []), (err, answer) => {
        out(err ? { type: 'ack-timeout', seq: cmd.seq } : { type: 'ack', seq: cmd.seq, answer });
      });
    } else {
      socket.emit(cmd.event, ...(cmd.args || []));
    }
  } else if (cmd.cmd === 'close') {
    socket.close();
    process.exit(0);
  }
});
rl.on('close', () => process.exit(0));
