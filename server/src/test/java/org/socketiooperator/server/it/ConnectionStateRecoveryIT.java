package org.socketiooperator.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.socketiooperator.server.SocketIoServer;
import org.socketiooperator.server.api.ConnectionStateRecovery;
import org.socketiooperator.server.api.Namespace;
import org.socketiooperator.server.api.ServerOptions;
import org.socketiooperator.server.api.Socket;

/**
 * Connection state recovery with the official socket.io-client 4.8 on one node (the in-memory adapter):
 * the client's transport is closed as the official tests do ({@code io.engine.close()}), broadcasts go
 * out while it is away, and it comes back with {@code socket.recovered}, its id and every missed packet.
 */
class ConnectionStateRecoveryIT {

    private static final AtomicInteger NSP = new AtomicInteger();

    static SocketIoServer recovering;
    static SocketIoServer middlewaresAgain;
    static SocketIoServer shortLived;
    static SocketIoServer plain;
    static JsClients js;

    @BeforeAll
    static void start() {
        recovering = server(ConnectionStateRecovery.DEFAULTS);
        middlewaresAgain = server(new ConnectionStateRecovery(Duration.ofMinutes(2), false));
        shortLived = server(new ConnectionStateRecovery(Duration.ofMillis(200), true));
        plain = server(null);
        js = new JsClients();
    }

    private static SocketIoServer server(ConnectionStateRecovery recovery) {
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder()
                .host("127.0.0.1")
                .port(0)
                .pingInterval(Duration.ofMillis(500))
                .pingTimeout(Duration.ofSeconds(3))
                .connectionStateRecovery(recovery)
                .build());
        io.start().toCompletableFuture().join();
        return io;
    }

    private static String url(SocketIoServer io, Namespace nsp) {
        return "http://127.0.0.1:" + io.port() + nsp.name();
    }

    @AfterAll
    static void stop() {
        if (js != null) {
            js.close();
        }
        for (SocketIoServer io : new SocketIoServer[] {recovering, middlewaresAgain, shortLived, plain}) {
            if (io != null) {
                io.close();
            }
        }
    }

    /** A client in room "red" that received one broadcast (so it holds an offset), then lost its transport. */
    private record Away(String id, String sid, String pid, Namespace nsp) {}

    private static Away connectReceiveAndLoseTransport(
            SocketIoServer io, TransportMode mode, List<Socket> connections, AtomicInteger middlewareRuns) {
        Namespace nsp = io.of("/r" + NSP.incrementAndGet());
        nsp.use((socket, next) -> {
            middlewareRuns.incrementAndGet();
            next.proceed();
        });
        nsp.onConnection(socket -> {
            connections.add(socket);
            if (!socket.recovered()) {
                socket.join("red");
                socket.data(Map.of("user", "ada"));
            }
        });
        String id = JsClients.newId();
        Map<String, Object> c = js.connect(id, url(io, nsp), mode.options());
        String sid = (String) c.get("sid");
        js.listen(id, "news", null);
        await().atMost(Duration.ofSeconds(5)).until(() -> nsp.sockets().containsKey(sid));
        nsp.emit("news", "before");
        assertThat(js.awaitEvent(id, "news").get("args")).asList().first().isEqualTo("before");

        js.closeTransport(id);
        assertThat(js.await(id, "disconnect").get("reason")).isEqualTo("forced close");
        await().atMost(Duration.ofSeconds(5)).until(() -> !nsp.sockets().containsKey(sid));
        return new Away(id, sid, (String) c.get("pid"), nsp);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> nextNews(String id) {
        return (List<Object>) js.awaitEvent(id, "news").get("args");
    }

    @ParameterizedTest
    @EnumSource(
            value = TransportMode.class,
            names = {"POLLING", "WEBSOCKET"})
    void comesBackWithItsIdRoomsDataAndEveryMissedPacketInOrder(TransportMode mode) {
        List<Socket> connections = new CopyOnWriteArrayList<>();
        AtomicInteger middlewareRuns = new AtomicInteger();
        Away away = connectReceiveAndLoseTransport(recovering, mode, connections, middlewareRuns);
        assertThat(away.pid()).hasSize(20).isNotEqualTo(away.sid());

        away.nsp().to("red").emit("news", "to red", Map.of("n", 1));
        away.nsp().to("blue").emit("news", "to blue: not for this client");
        away.nsp().except("red").emit("news", "except red: not for this client");
        away.nsp().volatileFlag().emit("news", "volatile: not kept");
        away.nsp().emit("news", "to all", new byte[] {1, 2, 3});
        away.nsp().to(away.sid()).emit("news", "to its id");

        Map<String, Object> back = js.reconnect(away.id());
        assertThat(back.get("recovered")).isEqualTo(true);
        assertThat(back.get("sid")).isEqualTo(away.sid());
        assertThat(back.get("pid")).isEqualTo(away.pid());

        List<Object> first = nextNews(away.id());
        assertThat(first.subList(0, 2)).containsExactly("to red", Map.of("n", 1));
        assertThat(first.get(2)).isInstanceOf(String.class); // the offset, last as the official server puts it
        List<Object> second = nextNews(away.id());
        assertThat(second.get(0)).isEqualTo("to all");
        assertThat((byte[]) second.get(1)).containsExactly(1, 2, 3);
        assertThat(nextNews(away.id()).get(0)).isEqualTo("to its id");

        Socket socket = connections.get(connections.size() - 1);
        assertThat(connections).hasSize(2);
        assertThat(socket.recovered()).isTrue();
        assertThat(socket.id()).isEqualTo(away.sid());
        assertThat(socket.rooms()).containsExactlyInAnyOrder(away.sid(), "red");
        assertThat(socket.data()).isEqualTo(Map.of("user", "ada"));
        assertThat(middlewareRuns).hasValue(1); // skipMiddlewares is the official default

        // nothing else was queued: the next packet is a live one, and direct emits carry offsets too
        socket.emit("news", "live");
        assertThat(nextNews(away.id())).hasSize(2).first().isEqualTo("live");
        assertThat(recovering.adapter().recoveryMetrics().restored()).isPositive();
        js.disconnect(away.id());
    }

    @Test
    void runsTheMiddlewaresAgainWhenAskedTo() {
        List<Socket> connections = new CopyOnWriteArrayList<>();
        AtomicInteger middlewareRuns = new AtomicInteger();
        Away away =
                connectReceiveAndLoseTransport(middlewaresAgain, TransportMode.WEBSOCKET, connections, middlewareRuns);
        away.nsp().emit("news", "missed");
        Map<String, Object> back = js.reconnect(away.id());
        assertThat(back.get("recovered")).isEqualTo(true);
        assertThat(nextNews(away.id()).get(0)).isEqualTo("missed");
        assertThat(middlewareRuns).hasValue(2);
        js.disconnect(away.id());
    }

    /**
     * A broadcast between the restore and the socket joining its rooms (here while the middlewares run
     * again) was neither in the missed packets nor delivered live: the catch-up after the join replays it,
     * once, in order, before the next live packet.
     */
    @Test
    void aBroadcastWhileTheSessionIsBeingRestoredIsNotLost() {
        List<Socket> connections = new CopyOnWriteArrayList<>();
        AtomicInteger middlewareRuns = new AtomicInteger();
        Away away =
                connectReceiveAndLoseTransport(middlewaresAgain, TransportMode.WEBSOCKET, connections, middlewareRuns);
        away.nsp().use((socket, next) -> {
            if (socket.recovered()) {
                away.nsp().to("red").emit("news", "in the window");
            }
            next.proceed();
        });
        away.nsp().emit("news", "missed");
        Map<String, Object> back = js.reconnect(away.id());
        assertThat(back.get("recovered")).isEqualTo(true);
        assertThat(nextNews(away.id()).get(0)).isEqualTo("missed");
        assertThat(nextNews(away.id()).get(0)).isEqualTo("in the window");
        away.nsp().to("red").emit("news", "live");
        assertThat(nextNews(away.id()).get(0)).isEqualTo("live");
        js.disconnect(away.id());
    }

    @Test
    void anExpiredSessionConnectsAsANewSocket() {
        List<Socket> connections = new CopyOnWriteArrayList<>();
        Away away =
                connectReceiveAndLoseTransport(shortLived, TransportMode.WEBSOCKET, connections, new AtomicInteger());
        long gone = System.nanoTime();
        // no event marks an expiry: the 200 ms have to pass
        await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() - gone > 300_000_000L);
        away.nsp().emit("news", "after expiry");
        Map<String, Object> back = js.reconnect(away.id());
        assertThat(back.get("recovered")).isEqualTo(false);
        assertThat(back.get("sid")).isNotEqualTo(away.sid());
        assertThat(back.get("pid")).isNotEqualTo(away.pid());
        assertThat(connections.get(connections.size() - 1).recovered()).isFalse();
        assertThat(connections.get(connections.size() - 1).rooms())
                .containsExactlyInAnyOrder((String) back.get("sid"), "red");
        js.disconnect(away.id());
    }

    @Test
    void anUnknownPidConnectsAsANewSocket() {
        Namespace nsp = recovering.of("/r" + NSP.incrementAndGet());
        List<Socket> connections = new CopyOnWriteArrayList<>();
        nsp.onConnection(connections::add);
        String id = JsClients.newId();
        Map<String, Object> c = js.connect(
                id, url(recovering, nsp), Map.of("auth", Map.of("pid", "not-a-session-of-ours", "offset", "0-0")));
        assertThat(c.get("recovered")).isEqualTo(false);
        assertThat((String) c.get("pid")).hasSize(20).isNotEqualTo("not-a-session-of-ours");
        await().atMost(Duration.ofSeconds(5)).until(() -> connections.size() == 1);
        assertThat(connections.get(0).recovered()).isFalse();
        assertThat(recovering.adapter().recoveryMetrics().notRestored()).isPositive();
        js.disconnect(id);
    }

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String poll(String url, String method, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        request = body == null ? request.GET() : request.POST(HttpRequest.BodyPublishers.ofString(body));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    /** Socket.IO packets of the next polls until {@code count} arrived (one poll may carry several). */
    private static List<String> packets(String url, int count) throws Exception {
        List<String> packets = new ArrayList<>();
        while (packets.size() < count) {
            packets.addAll(Arrays.asList(poll(url, "GET", null).split("\u001e")));
        }
        return packets;
    }

    @Test
    @SuppressWarnings("unchecked")
    void onTheWireAsTheOfficialServer() throws Exception {
        Namespace nsp = recovering.of("/raw");
        String base = "http://127.0.0.1:" + recovering.port() + "/socket.io/?EIO=4&transport=polling";
        String first = base + "&sid="
                + JSON.readValue(poll(base, "GET", null).substring(1), Map.class)
                        .get("sid");
        poll(first, "POST", "40/raw,");
        String connect = packets(first, 1).get(0);
        // the private session id travels in the CONNECT answer, next to the public one
        assertThat(connect).matches("40/raw,\\{\"sid\":\"[\\w-]{20}\",\"pid\":\"[\\w-]{20}\"}");
        Map<String, Object> ids = JSON.readValue(connect.substring("40/raw,".length()), Map.class);

        nsp.emit("news", "seen");
        String event = packets(first, 1).get(0);
        // the offset is the event's last argument
        assertThat(event).matches("42/raw,\\[\"news\",\"seen\",\"[^\"]+\"]");
        String offset = (String)
                JSON.readValue(event.substring("42/raw,".length()), List.class).get(2);

        poll(first, "POST", "1"); // Engine.IO close: the server hears "transport close", a recoverable reason
        await().atMost(Duration.ofSeconds(5)).until(() -> nsp.sockets().isEmpty());
        nsp.emit("news", "missed");

        String second = base + "&sid="
                + JSON.readValue(poll(base, "GET", null).substring(1), Map.class)
                        .get("sid");
        poll(second, "POST", "40/raw," + JSON.writeValueAsString(Map.of("pid", ids.get("pid"), "offset", offset)));
        List<String> back = packets(second, 2);
        // missed packets first, then the CONNECT answer with the same ids, as the official server writes them
        assertThat(back.get(0)).matches("42/raw,\\[\"news\",\"missed\",\"[^\"]+\"]");
        assertThat(back.get(1)).isEqualTo("40/raw," + JSON.writeValueAsString(ids));
        poll(second, "POST", "1");
    }

    @Test
    void withTheFeatureOffThereIsNoPidNoOffsetAndNoRecovery() {
        List<Socket> connections = new CopyOnWriteArrayList<>();
        Away away = connectReceiveAndLoseTransport(plain, TransportMode.WEBSOCKET, connections, new AtomicInteger());
        assertThat(away.pid()).isNull();
        away.nsp().emit("news", "missed for good");
        Map<String, Object> back = js.reconnect(away.id());
        assertThat(back.get("recovered")).isEqualTo(false);
        assertThat(back.get("sid")).isNotEqualTo(away.sid());
        away.nsp().emit("news", "live");
        List<Object> live = nextNews(away.id());
        assertThat(live).containsExactly("live"); // no offset appended, and the missed packet never came
        js.disconnect(away.id());
    }
}
