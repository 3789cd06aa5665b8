package org.socketiooperator.server.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketiooperator.adapter.LocalNamespace.RoomListener;
import org.socketiooperator.adapter.memory.InMemoryAdapter;
import org.socketiooperator.server.api.Socket;
import org.socketiooperator.server.engine.EngineConnection;
import org.socketiooperator.server.engine.HandshakeRequest;
import org.socketiooperator.server.engine.SessionListener;

/**
 * {@code socket.join} from another thread racing the client's disconnect on its event loop: whatever the
 * interleaving, the room table must not keep the dead socket id (nor a room only it was in).
 */
class SocketJoinRaceTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final EventLoop loop = new DefaultEventLoop();
    private final NamespaceRegistry registry = new NamespaceRegistry(new InMemoryAdapter(), 10_000, 10, 1_000_000);

    @AfterEach
    void stop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    @Test
    void aJoinThatPassedItsCheckBeforeTheDisconnectAndLandsAfterItLeavesNothingBehind() throws Exception {
        NamespaceImpl namespace = (NamespaceImpl) registry.of("/");
        RoomTable table = namespace.roomTable();
        Map<String, Boolean> liveRooms = new ConcurrentHashMap<>();
        table.addListener(new RoomListener() {
            @Override
            public void roomCreated(String room, boolean socketIdRoom) {
                liveRooms.put(room, Boolean.TRUE);
            }

            @Override
            public void roomDeleted(String room) {
                liveRooms.remove(room);
            }
        });
        AtomicReference<Socket> connected = new AtomicReference<>();
        namespace.onConnection(connected::set);
        SessionListener client = registry.accept(
                engineConnection(),
                new HandshakeRequest(
                        Map.of(), Map.of(), "127.0.0.1", "/socket.io/?EIO=4&transport=websocket", false, false));
        loop.submit(() -> client.onMessage("0")).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Socket socket = connected.get();
        assertThat(socket).isNotNull();
        String sid = socket.id();

        Thread joiner = new Thread(() -> socket.join("late"), "joiner");
        // The loop holds the table's monitor while the joiner, past any liveness check, waits for it; the
        // client's DISCONNECT then runs to the end on the loop (the monitor is re-entrant), and only then
        // does the joiner get to the table: the interleaving "checked alive, joined after leaveAll".
        loop.submit(() -> {
                    synchronized (table) {
                        joiner.start();
                        long loopThread = Thread.currentThread().getId();
                        await().atMost(WAIT)
                                .pollInterval(Duration.ofMillis(1))
                                .until(() -> waitsForMonitor(joiner, table, loopThread));
                        client.onMessage("1");
                        assertThat(socket.connected()).isFalse();
                    }
                })
                .get(WAIT.toSeconds(), TimeUnit.SECONDS);
        joiner.join(WAIT.toMillis());
        assertThat(joiner.isAlive()).isFalse();

        assertThat(table.roomsOf(sid)).isEmpty();
        assertThat(table.rooms()).doesNotContain("late", sid);
        assertThat(table.select(Set.of("late"), Set.of(), List.of())).isEmpty();
        assertThat(namespace.hasRoom("late")).isFalse();
        assertThat(liveRooms).as("rooms created and never deleted").isEmpty();
        assertThat(socket.rooms()).isEmpty();
    }

    /** Whether {@code thread} is blocked entering {@code monitor}, held by the thread with id {@code owner}. */
    private static boolean waitsForMonitor(Thread thread, Object monitor, long owner) {
        ThreadInfo info = ManagementFactory.getThreadMXBean().getThreadInfo(thread.getId());
        return info != null
                && info.getThreadState() == Thread.State.BLOCKED
                && info.getLockOwnerId() == owner
                && info.getLockInfo() != null
                && info.getLockInfo().getIdentityHashCode() == System.identityHashCode(monitor);
    }

    /** An Engine.IO session that only runs tasks on the test's loop and drops what is sent. */
    private EngineConnection engineConnection() {
        return (EngineConnection) Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {EngineConnection.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "id" -> "engine-1";
                    case "eventLoop" -> loop;
                    case "execute" -> {
                        Runnable task = (Runnable) args[0];
                        if (loop.inEventLoop()) {
                            task.run();
                        } else {
                            loop.execute(task);
                        }
                        yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "engine-1";
                    default -> null; // send, close: nothing to do here
                });
    }
}
