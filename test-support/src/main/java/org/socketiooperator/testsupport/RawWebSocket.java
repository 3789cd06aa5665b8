package org.socketiooperator.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Just enough of a WebSocket client (RFC 6455 + RFC 7692) to see each frame's RSV1 bit, and to behave
 * as no library lets a client behave: send any frame, never read.
 */
public final class RawWebSocket implements AutoCloseable {

    /** One frame as read: RSV1 set means it came deflated; {@code payload} is already inflated, {@code wire} as sent. */
    public record Frame(boolean compressed, int opcode, byte[] payload, byte[] wire) {
        public String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private static final byte[] DEFLATE_TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    // a server may keep its deflate context across messages, so one inflater for the connection
    private final Inflater inflater = new Inflater(true);
    private String handshakeHeaders;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Opens an Engine.IO WebSocket session, offering permessage-deflate as browsers do. */
    public static RawWebSocket open(int port) throws IOException {
        return open(port, "/socket.io/?EIO=4&transport=websocket", 64 * 1024);
    }

    /** {@code receiveBuffer}: a small one makes a client that stops reading fill up fast. */
    public static RawWebSocket open(int port, String uri, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(receiveBuffer);
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 10_000);
        socket.setSoTimeout(10_000);
        RawWebSocket ws = new RawWebSocket(socket);
        ws.out.write(("GET " + uri + " HTTP/1.1\r\n"
                        + "Host: 127.0.0.1:" + port + "\r\n"
                        + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                        + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        ws.out.flush();
        ws.handshakeHeaders = ws.readHeaders();
        if (!ws.handshakeHeaders.startsWith("HTTP/1.1 101")) {
            throw new IOException("no upgrade: " + ws.handshakeHeaders);
        }
        return ws;
    }

    /** The server's 101 response headers. */
    public String handshakeHeaders() {
        return handshakeHeaders;
    }

    private String readHeaders() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            head.write(in.readUnsignedByte());
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    public void sendText(String text) throws IOException {
        sendFrame(1, text.getBytes(StandardCharsets.UTF_8));
    }

    /** One masked, final frame of any opcode and length (1 text, 2 binary, 9 ping). */
    public void sendFrame(int opcode, byte[] payload) throws IOException {
        byte[] mask = {7, 11, 13, 17};
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write(0x80 | opcode);
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length < 65_536) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xff);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) ((long) payload.length >>> shift) & 0xff);
            }
        }
        frame.write(mask, 0, 4);
        for (int i = 0; i < payload.length; i++) {
            frame.write(payload[i] ^ mask[i % 4]);
        }
        out.write(frame.toByteArray());
        out.flush();
    }

    /** The next text frame that is not an Engine.IO ping. */
    public Frame nextText() throws IOException, DataFormatException {
        while (true) {
            Frame frame = next();
            if (frame.opcode() == 1 && !frame.text().equals("2")) {
                return frame;
            }
        }
    }

    public Frame next() throws IOException, DataFormatException {
        int first = in.readUnsignedByte();
        int second = in.readUnsignedByte();
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] payload = new byte[Math.toIntExact(length)];
        in.readFully(payload);
        boolean compressed = (first & 0x40) != 0;
        return new Frame(compressed, first & 0x0f, compressed ? inflate(payload) : payload, payload);
    }

    /** True once the server closed the connection: reads up to its end, dropping what is left. */
    public boolean closedByServer() {
        try {
            socket.setSoTimeout(200);
            byte[] sink = new byte[64 * 1024];
            while (true) {
                if (in.read(sink) < 0) {
                    return true;
                }
            }
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset
        }
    }

    private byte[] inflate(byte[] payload) throws DataFormatException {
        byte[] input = new byte[payload.length + DEFLATE_TAIL.length];
        System.arraycopy(payload, 0, input, 0, payload.length);
        System.arraycopy(DEFLATE_TAIL, 0, input, payload.length, DEFLATE_TAIL.length);
        inflater.setInput(input);
        ByteArrayOutputStream plain = new ByteArrayOutputStream();
        byte[] chunk = new byte[4096];
        int n;
        while ((n = inflater.inflate(chunk)) > 0) {
            plain.write(chunk, 0, n);
        }
        return plain.toByteArray();
    }

    @Override
    public void close() throws IOException {
        inflater.end();
        socket.close();
    }
}
