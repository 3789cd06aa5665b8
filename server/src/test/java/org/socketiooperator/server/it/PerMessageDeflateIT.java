package org.socketiooperator.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.socketiooperator.server.SocketIoServer;
import org.socketiooperator.server.api.PerMessageDeflate;
import org.socketiooperator.server.api.ServerOptions;
import org.socketiooperator.server.api.Socket;
import org.socketiooperator.testsupport.RawWebSocket;

/**
 * WebSocket compression as the official server does it: off unless asked for; when on, frames under the
 * threshold and {@code compress(false)} frames leave with RSV1 clear (uncompressed), the others deflated.
 * Read off the raw socket, since a WebSocket library would hide the RSV1 bit.
 */
class PerMessageDeflateIT {

    @Test
    void offByDefaultEvenWhenTheClientOffersIt() throws Exception {
        try (Fixture f = new Fixture(ServerOptions.builder());
                RawWebSocket ws = f.connect()) {
            assertThat(ws.handshakeHeaders()).doesNotContainIgnoringCase("permessage-deflate");
            f.io.emit("big", "x".repeat(4000));
            RawWebSocket.Frame big = ws.nextText();
            assertThat(big.text()).startsWith("42[\"big\"");
            assertThat(big.compressed()).isFalse();
        }
    }

    @Test
    void whenOnFramesUnderTheThresholdStayUncompressed() throws Exception {
        try (Fixture f = new Fixture(ServerOptions.builder().perMessageDeflate(PerMessageDeflate.on(1024)));
                RawWebSocket ws = f.connect()) {
            assertThat(ws.handshakeHeaders()).containsIgnoringCase("permessage-deflate");
            f.io.emit("small", "a");
            f.io.emit("big", "x".repeat(4000));
            RawWebSocket.Frame small = ws.nextText();
            assertThat(small.text()).isEqualTo("42[\"small\",\"a\"]");
            assertThat(small.compressed()).isFalse();
            RawWebSocket.Frame big = ws.nextText();
            assertThat(big.text()).isEqualTo("42[\"big\",\"" + "x".repeat(4000) + "\"]");
            assertThat(big.compressed()).isTrue();
        }
    }

    @Test
    void compressFalseFramesAreSentUncompressedAndTheRestCompressed() throws Exception {
        try (Fixture f = new Fixture(ServerOptions.builder().perMessageDeflate(PerMessageDeflate.on(0)));
                RawWebSocket ws = f.connect()) {
            f.io.compress(false).emit("plain", "a", new byte[] {1, 2});
            f.io.emit("packed", "b");

            RawWebSocket.Frame plain = ws.nextText();
            assertThat(plain.text()).isEqualTo("451-[\"plain\",\"a\",{\"_placeholder\":true,\"num\":0}]");
            assertThat(plain.compressed()).isFalse();
            RawWebSocket.Frame attachment = ws.next();
            assertThat(attachment.opcode()).isEqualTo(2);
            assertThat(attachment.payload()).containsExactly(1, 2);
            assertThat(attachment.compressed()).isFalse();
            RawWebSocket.Frame packed = ws.nextText();
            assertThat(packed.text()).isEqualTo("42[\"packed\",\"b\"]");
            assertThat(packed.compressed()).isTrue();
        }
    }

    @Test
    void aBroadcastIsDeflatedOnceForEveryConnectionWithoutContextTakeover() throws Exception {
        try (Fixture f = new Fixture(ServerOptions.builder().perMessageDeflate(PerMessageDeflate.on(1024)));
                RawWebSocket a = f.connect();
                RawWebSocket b = f.connect()) {
            assertThat(a.handshakeHeaders()).containsIgnoringCase("server_no_context_takeover");
            await().atMost(Duration.ofSeconds(10)).until(() -> f.io.stats().sockets() == 2);
            StringBuilder text = new StringBuilder();
            for (int i = 0; text.length() < 4000; i++) {
                text.append("{\"seq\":")
                        .append(i)
                        .append(",\"user\":\"u")
                        .append(i * 7919 % 1000)
                        .append("\"}");
            }
            f.io.emit("big", text.toString());
            f.io.emit("big", text.toString());

            RawWebSocket.Frame a1 = a.nextText();
            RawWebSocket.Frame a2 = a.nextText();
            RawWebSocket.Frame b1 = b.nextText();
            String expected = "42[\"big\",\"" + text.toString().replace("\"", "\\\"") + "\"]";
            for (RawWebSocket.Frame frame : new RawWebSocket.Frame[] {a1, a2, b1}) {
                assertThat(frame.compressed()).isTrue();
                assertThat(frame.text()).isEqualTo(expected);
                assertThat(frame.wire().length).isLessThan(expected.length() / 2);
            }
            // the same bytes for both connections, and a repeat not shortened by the previous message's window
            assertThat(b1.wire()).isEqualTo(a1.wire());
            assertThat(a2.wire()).isEqualTo(a1.wire());
        }
    }

    /** A server of its own per test, and a raw client connected to its main namespace. */
    private static final class Fixture implements AutoCloseable {
        final SocketIoServer io;
        final int port;
        final CompletableFuture<Socket> connected = new CompletableFuture<>();

        Fixture(ServerOptions.Builder options) {
            io = SocketIoServer.create(options.host("127.0.0.1").port(0).build());
            io.onConnection(connected::complete);
            port = io.start().toCompletableFuture().join();
        }

        RawWebSocket connect() throws Exception {
            RawWebSocket ws = RawWebSocket.open(port);
            assertThat(ws.nextText().text()).startsWith("0{");
            ws.sendText("40");
            assertThat(ws.nextText().text()).startsWith("40{\"sid\":");
            connected.get(10, TimeUnit.SECONDS);
            return ws;
        }

        @Override
        public void close() {
            io.close();
        }
    }
}
