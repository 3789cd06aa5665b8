// Opens a raw Engine.IO WebSocket with permessage-deflate and sends one message that is tiny on the
// wire but large once inflated (an Engine.IO noop padded to the given size, which a server ignores).
// Prints {"type":"closed","code":N} when the server hangs up, {"type":"still-open"} if it has not
// after 1.5 s.
const WebSocket = require("ws");

const url = process.argv[2];
const size = Number(process.argv[3] || 2000000);
const ws = new WebSocket(url, { perMessageDeflate: { threshold: 0 } });
ws.on("message", (data) => {
  const text = data.toString();
  if (text.startsWith("0")) {
    process.stdout.write(JSON.stringify({ type: "open", extensions: ws.extensions }) + "\n");
    ws.send("40"); // connect a namespace so that the connect timeout stays out of the way
    ws.send("6" + "a".repeat(size));
    setTimeout(() => {
      process.stdout.write(JSON.stringify({ type: "still-open" }) + "\n");
      process.exit(0);
    }, 1500);
  }
});
ws.on("close", (code) => {
  process.stdout.write(JSON.stringify({ type: "closed", code }) + "\n");
  process.exit(0);
});
ws.on("error", (err) => process.stdout.write(JSON.stringify({ type: "error", message: err.message }) + "\n"));
