package org.socketiooperator.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.socketiooperator.server.SocketIoServer;
import org.socketiooperator.server.api.ServerOptions;

/** {@link SocketIoServer#shed}: exactly that many clients go, as in a drain, and the server keeps serving. */
class ShedIT {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void shedsExactlyTheGivenNumberWithTheDrainsReasonAndKeepsAccepting() {
        List<String> reasons = new CopyOnWriteArrayList<>();
        try (SocketIoServer io = SocketIoServer.create(
                ServerOptions.builder().host("127.0.0.1").port(0).build())) {
            io.onConnection(socket -> socket.onDisconnect(reasons::add));
            int port = io.start().toCompletableFuture().join();
            List<Client> clients = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                clients.add(Client.connect(http, port));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> io.clientCount() == 5);

            assertThat(io.shed(3)).isEqualTo(3);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> clients.stream().filter(c -> c.closed.isDone()).count() == 3);
            await().atMost(Duration.ofSeconds(10)).until(() -> reasons.size() == 3);
            assertThat(reasons).containsOnly("server shutting down");
            assertThat(io.clientCount()).isEqualTo(2);
            assertThat(io.shed(10)).as("no more than there are").isEqualTo(2);

            Client late = Client.connect(http, port);
            await().atMost(Duration.ofSeconds(10)).until(() -> io.clientCount() == 1);
            assertThat(late.closed).isNotDone();
        }
    }

    /** A Socket.IO client on a bare WebSocket: CONNECT to the main namespace, answer pings. */
    private static final class Client implements WebSocket.Listener {
        final CompletableFuture<Void> closed = new CompletableFuture<>();

        static Client connect(HttpClient http, int port) {
            Client client = new Client();
            http.newWebSocketBuilder()
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/socket.io/?EIO=4&transport=websocket"), client)
                    .join()
                    .sendText("40", true)
                    .join();
            return client;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            if ("2".contentEquals(data)) {
                webSocket.sendText("3", true);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(null);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(null);
        }
    }
}
