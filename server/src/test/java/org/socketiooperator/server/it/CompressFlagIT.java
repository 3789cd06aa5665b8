package org.socketiooperator.server.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.socketiooperator.server.api.ServerOptions;
import org.socketiooperator.server.api.SocketIoServer;

/**
 * {@code compress(false)} over a WebSocket that negotiated permessage-deflate: those frames leave with
 * RSV1 clear (uncompressed), the others stay compressed. Read off the raw socket, since a WebSocket
 * library would hide the RSV1 bit.
 */
class CompressFlagIT {

    static SocketIoServer io;
    static int port;
    static final CompletableFuture<org.socketiooperator.server.api.Socket> CONNECTED = new CompletableFuture<>();

    @BeforeAll
    static void start() {
        io = SocketIoServer.create(ServerOptions.builder().host("127.0.0.1").port(0).build());
        io.onConnection(CONNECTED::complete);
        port = io.start().toCompletableFuture().join();
    }

    @AfterAll
    static void stop() {
        io.close();
    }

    @Test
    void compressFalseFramesAreSentUncompressedAndTheRestCompressed() throws Exception {
        try (RawWebSocket ws = RawWebSocket.open(port)) {
            assertThat(ws.nextText().text()).startsWith("0{");
            ws.sendText("40");
            assertThat(ws.nextText().text()).startsWith("40{\"sid\":");
            CONNECTED.get(10, TimeUnit.SECONDS);

            io.compress(false).emit("plain", "a", new byte[] {1, 2});
            io.emit("packed", "b");

            Frame plain = ws.nextText();
            assertThat(plain.text()).isEqualTo("451-[\"plain\",\"a\",{\"_placeholder\":true,\"num\":0}]");
            assertThat(plain.compressed()).isFalse();
            Frame attachment = ws.next();
            assertThat(attachment.opcode()).isEqualTo(2);
            assertThat(attachment.payload()).containsExactly(1, 2);
            assertThat(attachment.compressed()).isFalse();
            Frame packed = ws.nextText();
            assertThat(packed.text()).isEqualTo("42[\"packed\",\"b\"]");
            assertThat(packed.compressed()).isTrue();
        }
    }

    /** One frame as read: RSV1 set means it came deflated; {@code payload} is already inflated. */
    record Frame(boolean compressed, int opcode, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    /** Just enough of a WebSocket client (RFC 6455 + RFC 7692) to see each frame's RSV1 bit. */
    static final class RawWebSocket implements AutoCloseable {
        private static final byte[] DEFLATE_TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;
        // the server keeps its deflate context across messages, so one inflater for the connection
        private final Inflater inflater = new Inflater(true);

        private RawWebSocket(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        static RawWebSocket open(int port) throws IOException {
            Socket socket = new Socket("127.0.0.1", port);
            socket.setSoTimeout(10_000);
            RawWebSocket ws = new RawWebSocket(socket);
            ws.out.write(("GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\n"
                    + "Host: 127.0.0.1:" + port + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Extensions: permessage-deflate\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            ws.out.flush();
            String headers = ws.readHeaders();
            assertThat(headers).startsWith("HTTP/1.1 101").containsIgnoringCase("permessage-deflate");
            return ws;
        }

        private String readHeaders() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
                head.write(in.readUnsignedByte());
            }
            return head.toString(StandardCharsets.US_ASCII);
        }

        void sendText(String text) throws IOException {
            byte[] payload = text.getBytes(StandardCharsets.UTF_8);
            byte[] mask = {7, 11, 13, 17};
            out.write(0x81);
            out.write(0x80 | payload.length); // short client frames only
            out.write(mask);
            for (int i = 0; i < payload.length; i++) {
                out.write(payload[i] ^ mask[i % 4]);
            }
            out.flush();
        }

        /** The next text frame that is not an Engine.IO ping. */
        Frame nextText() throws IOException, DataFormatException {
            while (true) {
                Frame frame = next();
                if (frame.opcode() == 1 && !frame.text().equals("2")) {
                    return frame;
                }
            }
        }

        Frame next() throws IOException, DataFormatException {
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
            return new Frame(compressed, first & 0x0f, compressed ? inflate(payload) : payload);
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
}
