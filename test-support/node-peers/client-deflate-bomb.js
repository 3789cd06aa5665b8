// Opens a raw Engine.IO WebSocket with permessage-deflate and sends one message that is tiny on the
// wire but huge once inflated. Prints {"type":"closed","code":N} when the server hangs up.
const WebSocket = require("ws");

const url = process.argv[2];
const size = Number(process.argv[3] || 2000000);
const ws = new WebSocket(url, { perMessageDeflate: { threshold: 0 } });
ws.on("message", (data) => {
  const text = data.toString();
  if (text.startsWith("0")) {
    process.stdout.write(JSON.stringify({ type: "open", extensions: ws.extensions }) + "\n");
    ws.send("4" + "a".repeat(size));
  }
});
ws.on("close", (code) => {
  process.stdout.write(JSON.stringify({ type: "closed", code }) + "\n");
  process.exit(0);
});
ws.on("error", (err) => process.stdout.write(JSON.stringify({ type: "error", message: err.message }) + "\n"));
