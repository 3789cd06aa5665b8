package org.socketiooperator.server.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import org.socketiooperator.server.api.ConnectionStateRecovery;
import org.socketiooperator.server.api.Namespace;
import org.socketiooperator.server.api.ServerOptions;
import org.socketiooperator.server.api.Socket;
import org.socketiooperator.server.api.SocketIoServer;

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
        SocketIoServer io = SocketIoServer.create(ServerOptions.builder().host("127.0.0.1").port(0)
                .pingInterval(Duration.ofMillis(500)).pingTimeout(Duration.ofSeconds(3))
                .connectionStateRecovery(recovery).build());
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
    private record Away(String id, String sid, String pid, Namespace nsp) {
    }

    private static Away connectReceiveAndLoseTransport(SocketIoServer io, TransportMode mode, List<Socket> connections,
                                                      AtomicInteger middlewareRuns) {
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
    @EnumSource(value = TransportMode.class, names = {"POLLING", "WEBSOCKET"})
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
        Away away = connectReceiveAndLoseTransport(middlewaresAgain, TransportMode.WEBSOCKET, connections,
                middlewareRuns);
        away.nsp().emit("news", "missed");
        Map<String, Object> back = js.reconnect(away.id());
        assertThat(back.get("recovered")).isEqualTo(true);
        assertThat(nextNews(away.id()).get(0)).isEqualTo("missed");
        assertThat(middlewareRuns).hasValue(2);
        js.disconnect(away.id());
    }

    @Test
    void anExpiredSessionConnectsAsANewSocket() {
        List<Socket> connections = new CopyOnWriteArrayList<>();
        Away away = connectReceiveAndLoseTransport(shortLived, TransportMode.WEBSOCKET, connections,
                new AtomicInteger());
        long gone = System.nanoTime();
        // no event marks an expiry: the 200 ms have to pass
        await().atMost(Duration.ofSeconds(5)).until(() -> System.nanoTime() - gone > 300_000_000L);
        away.nsp().emit("news", "after expiry");
        Map<String, Object> back = js.reconnect(away.id());
        assertThat(back.get("recovered")).isEqualTo(false);
        assertThat(back.get("sid")).isNotEqualTo(away.sid());
        assertThat(back.get("pid")).isNotEqualTo(away.pid());
        assertThat(connections.get(connections.size() - 1).recovered()).isFalse();
        assertThat(connections.get(connections.size() - 1).rooms()).containsExactlyInAnyOrder((String) back.get("sid"), "red");
        js.disconnect(away.id());
    }

    @Test
    void anUnknownPidConnectsAsANewSocket() {
        Namespace nsp = recovering.of("/r" + NSP.incrementAndGet());
        List<Socket> connections = new CopyOnWriteArrayList<>();
        nsp.onConnection(connections::add);
        String id = JsClients.newId();
        Map<String, Object> c = js.connect(id, url(recovering, nsp),
                Map.of("auth", Map.of("pid", "not-a-session-of-ours", "offset", "0-0")));
        assertThat(c.get("recovered")).isEqualTo(false);
        assertThat((String) c.get("pid")).hasSize(20).isNotEqualTo("not-a-session-of-ours");
        await().atMost(Duration.ofSeconds(5)).until(() -> connections.size() == 1);
        assertThat(connections.get(0).recovered()).isFalse();
        assertThat(recovering.adapter().recoveryMetrics().notRestored()).isPositive();
        js.disconnect(id);
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
