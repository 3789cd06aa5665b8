package org.socketiooperator.server.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.socketiooperator.adapter.LocalNamespace.RoomListener;

/**
 * Room lifecycle listeners run outside the table's lock: a slow or re-entrant listener holds up nobody
 * else, and each room is still reported created and deleted strictly in turn.
 */
class RoomTableTest {

    /** Generous bound for work that must not wait on a blocked listener (it takes microseconds when right). */
    private static final long BOUND_S = 5;

    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        pool.shutdownNow();
    }

    @Test
    void aBlockedListenerDoesNotBlockOtherThreadsOnOtherRooms() throws Exception {
        RoomTable table = new RoomTable();
        CountDownLatch entered = new CountDownLatch(1);
        List<String> events = new CopyOnWriteArrayList<>();
        table.addListener(listener(
                room -> {
                    if (room.equals("slow")) {
                        entered.countDown();
                        awaitRelease();
                    }
                    events.add("+" + room);
                },
                room -> events.add("-" + room)));

        Future<?> slowJoin = pool.submit(() -> table.join("s1", List.of("s1", "slow")));
        assertThat(entered.await(BOUND_S, TimeUnit.SECONDS)).isTrue();

        // another thread, another room, while the first listener call is stuck
        pool.submit(() -> table.join("s2", List.of("s2", "fast"))).get(BOUND_S, TimeUnit.SECONDS);
        assertThat(pool.submit(() -> table.roomsOf("s1")).get(BOUND_S, TimeUnit.SECONDS))
                .containsExactlyInAnyOrder("s1", "slow");
        assertThat(pool.submit(() -> table.has("fast")).get(BOUND_S, TimeUnit.SECONDS))
                .isTrue();
        assertThat(slowJoin).isNotDone();

        release.countDown();
        slowJoin.get(BOUND_S, TimeUnit.SECONDS);
        // the events queued behind the slow one were told afterwards, in table order
        assertThat(events).containsExactly("+s1", "+slow", "+s2", "+fast");
    }

    @Test
    void aListenerMayWaitForAnotherThreadThatUsesTheTable() throws Exception {
        RoomTable table = new RoomTable();
        List<Set<String>> seen = new CopyOnWriteArrayList<>();
        // like an adapter handing work to an event loop and waiting for it: a deadlock if the lock were held
        table.addListener(listener(
                room -> {
                    if (room.equals("red")) {
                        try {
                            seen.add(pool.submit(() -> table.roomsOf("s1")).get(BOUND_S, TimeUnit.SECONDS));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }
                },
                room -> {}));

        pool.submit(() -> table.join("s1", List.of("s1", "red"))).get(2 * BOUND_S, TimeUnit.SECONDS);

        assertThat(seen).containsExactly(Set.of("s1", "red"));
    }

    @Test
    void aRoomIsDeletedAfterItsSlowCreationWasToldAndCreatedAgainAfterThat() throws Exception {
        RoomTable table = new RoomTable();
        CountDownLatch entered = new CountDownLatch(1);
        AtomicInteger creations = new AtomicInteger();
        List<String> completed = new CopyOnWriteArrayList<>();
        // each event is recorded when its listener call returns: order of completion is what adapters act on
        table.addListener(listener(
                room -> {
                    if (creations.getAndIncrement() == 0) {
                        entered.countDown();
                        awaitRelease();
                    }
                    completed.add("+" + room);
                },
                room -> completed.add("-" + room)));

        Future<?> firstJoin = pool.submit(() -> table.join("s1", List.of("r")));
        assertThat(entered.await(BOUND_S, TimeUnit.SECONDS)).isTrue();
        pool.submit(() -> table.leave("s1", "r")).get(BOUND_S, TimeUnit.SECONDS);
        pool.submit(() -> table.join("s2", List.of("r"))).get(BOUND_S, TimeUnit.SECONDS);
        assertThat(completed).isEmpty();

        release.countDown();
        firstJoin.get(BOUND_S, TimeUnit.SECONDS);

        assertThat(completed).containsExactly("+r", "-r", "+r");
        assertThat(table.has("r")).isTrue();
    }

    @Test
    void concurrentJoinsAndLeavesOfTheSameRoomsAreToldInTurnPerRoom() throws Exception {
        RoomTable table = new RoomTable();
        List<String> rooms = List.of("a", "b", "c");
        Map<String, Boolean> present = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        table.addListener(listener(
                room -> {
                    if (present.put(room, Boolean.TRUE) != null) {
                        violations.add("created twice: " + room);
                    }
                    Thread.yield(); // widens the window a listener outside the lock would race in
                },
                room -> {
                    if (present.remove(room) == null) {
                        violations.add("deleted while absent: " + room);
                    }
                }));

        int threads = 4;
        CyclicBarrier start = new CyclicBarrier(threads);
        List<Future<?>> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String sid = "s" + t;
            workers.add(pool.submit(() -> {
                start.await();
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < 20_000; i++) {
                    String room = rooms.get(random.nextInt(rooms.size()));
                    if (random.nextBoolean()) {
                        table.join(sid, List.of(room));
                    } else {
                        table.leave(sid, room);
                    }
                    if (i % 5_000 == 4_999) {
                        table.leaveAll(sid);
                    }
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get(60, TimeUnit.SECONDS);
        }

        assertThat(violations).isEmpty();
        for (String room : rooms) {
            assertThat(present.containsKey(room)).as(room).isEqualTo(table.has(room));
        }
    }

    @Test
    void aFailingListenerDoesNotStopLaterNotifications() {
        RoomTable table = new RoomTable();
        List<String> events = new ArrayList<>();
        table.addListener(listener(
                room -> {
                    if (room.equals("bad")) {
                        throw new IllegalStateException("listener bug");
                    }
                },
                room -> {}));
        table.addListener(listener(room -> events.add("+" + room), room -> events.add("-" + room)));

        table.join("s1", List.of("bad"));
        table.join("s1", List.of("good"));
        table.leaveAll("s1");

        assertThat(events.subList(0, 2)).containsExactly("+bad", "+good");
        assertThat(events.subList(2, 4)).containsExactlyInAnyOrder("-bad", "-good");
    }

    @Test
    void aSocketRemovedFromTheTableCannotJoinAgain() {
        RoomTable table = new RoomTable();
        List<String> events = new ArrayList<>();
        table.addListener(listener(room -> events.add("+" + room), room -> events.add("-" + room)));
        assertThat(table.joinIfPresent("s1", List.of("early")))
                .as("not in the table yet")
                .isFalse();
        table.join("s1", List.of("s1"));
        assertThat(table.joinIfPresent("s1", List.of("red"))).isTrue();
        table.leave("s1", "s1");
        assertThat(table.joinIfPresent("s1", List.of("blue")))
                .as("still in the table without its own room")
                .isTrue();

        table.leaveAll("s1");

        assertThat(table.joinIfPresent("s1", List.of("late"))).isFalse();
        assertThat(table.rooms()).isEmpty();
        assertThat(table.roomsOf("s1")).isEmpty();
        assertThat(events.subList(0, 4)).containsExactly("+s1", "+red", "-s1", "+blue");
        assertThat(events.subList(4, events.size())).containsExactlyInAnyOrder("-red", "-blue");
    }

    private void awaitRelease() {
        try {
            if (!release.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("never released");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static RoomListener listener(Consumer<String> created, Consumer<String> deleted) {
        return new RoomListener() {
            @Override
            public void roomCreated(String room, boolean socketIdRoom) {
                created.accept(room);
            }

            @Override
            public void roomDeleted(String room) {
                deleted.accept(room);
            }
        };
    }
}
