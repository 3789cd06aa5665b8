package org.socketiooperator.server.engine.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.socketiooperator.server.api.ConnectionLimits;
import org.socketiooperator.server.api.CorsOptions;
import org.socketiooperator.server.api.IoOptions;
import org.socketiooperator.server.api.IoOptions.IoTransportKind;
import org.socketiooperator.server.api.PerMessageDeflate;
import org.socketiooperator.server.api.Transport;
import org.socketiooperator.server.cors.CorsPolicy;
import org.socketiooperator.server.engine.EngineServer;
import org.socketiooperator.server.engine.EngineSession;
import org.socketiooperator.server.engine.EngineSettings;
import org.socketiooperator.server.engine.SendFlags;
import org.socketiooperator.server.engine.SessionListener;

/**
 * A polling session upgraded over a new TCP connection: that connection usually lands on another event loop
 * than the session (the acceptor deals connections out round-robin), and the upgrade must move it onto the
 * session's loop, with the JDK selector, epoll and io_uring alike; the session keeps working over it both ways.
 */
class UpgradeMovesConnectionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int SESSIONS = 8;

    @ParameterizedTest(name = "{0}")
    @EnumSource(IoTransportKind.class)
    void upgradedConnectionsAreWrittenByTheSessionsOwnLoop(IoTransportKind kind) throws Exception {
        LinkedBlockingQueue<String> heard = new LinkedBlockingQueue<>();
        EngineServer engine = new EngineServer(
                new EngineSettings(EnumSet.allOf(Transport.class), 25_000, 20_000, 1_000_000, 10_000, 4 << 20),
                (connection, request) -> new SessionListener() {
                    @Override
                    public void onMessage(String text) {
                        heard.add(text);
                    }

                    @Override
                    public void onBinary(byte[] data) {}

                    @Override
                    public void onClose(String reason) {}
                });
        NettyHttpServer server = new NettyHttpServer(
                "127.0.0.1",
                0,
                "/socket.io",
                engine,
                new CorsPolicy(CorsOptions.SAME_ORIGIN_ONLY),
                new HttpRoutes(),
                1_000_000,
                PerMessageDeflate.OFF,
                ConnectionLimits.DEFAULTS,
                new IoOptions(4, kind),
                null);
        int port = server.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
        try {
            assertThat(server.transportName()).as("this machine runs %s", kind).isEqualTo(kind.label());
            for (int i = 0; i < SESSIONS; i++) {
                // two clients, so the handshake and the upgrade come over two fresh connections, as browsers do
                HttpClient http = HttpClient.newHttpClient();
                HttpClient upgrade = HttpClient.newHttpClient();
                String base = "127.0.0.1:" + port + "/socket.io/?EIO=4";
                HttpResponse<String> open = http.send(
                        HttpRequest.newBuilder(URI.create("http://" + base + "&transport=polling"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                String sid = (String)
                        JSON.readValue(open.body().substring(1), Map.class).get("sid");

                Frames frames = new Frames();
                WebSocket ws = upgrade.newWebSocketBuilder()
                        .buildAsync(URI.create("ws://" + base + "&transport=websocket&sid=" + sid), frames)
                        .get(10, TimeUnit.SECONDS);
                ws.sendText("2probe", true).join();
                assertThat(frames.next()).isEqualTo("3probe");
                ws.sendText("5", true).join();
                ws.sendText("4hello " + i, true).join();
                assertThat(heard.poll(10, TimeUnit.SECONDS)).isEqualTo("hello " + i);

                EngineSession session = engine.find(sid);
                assertThat(session.transport()).isEqualTo(Transport.WEBSOCKET);
                assertThat(session.webSocketOnOwnLoop())
                        .as("session %d is written by its own loop", i)
                        .isTrue();
                session.send("world " + i, List.of(), SendFlags.NORMAL);
                assertThat(frames.next()).isEqualTo("4world " + i);
                ws.abort();
            }
        } finally {
            server.shutdown().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    /** Text frames from the server, server pings skipped. */
    private static final class Frames implements WebSocket.Listener {
        private final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        private final StringBuilder partial = new StringBuilder();

        String next() throws InterruptedException {
            String message = messages.poll(10, TimeUnit.SECONDS);
            while ("2".equals(message)) {
                message = messages.poll(10, TimeUnit.SECONDS);
            }
            return message;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }
    }
}
