package org.socketiooperator.adapter.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.lettuce.core.StreamMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.socketiooperator.adapter.config.StreamsOptions;
import org.socketiooperator.protocol.model.BroadcastFlags;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.sharded.ClusterMessage;
import org.socketiooperator.protocol.streams.StreamEntry;
import org.socketiooperator.protocol.streams.StreamEntryCodec;
import org.socketiooperator.protocol.streams.StreamOffsets;

/**
 * The reader's window: it answers only for an offset between its oldest and newest entry, with what the XRANGE
 * path would pick from the same entries, and forgets by count, bytes, age, and after a gap.
 */
class ReadWindowTest {

    private static final List<String> ROOMS = List.of("me", "r");
    private final AtomicLong now = new AtomicLong(1_000_000);

    private ReadWindow window(int entries, long bytes) {
        return new ReadWindow(entries, bytes, Duration.ofMinutes(2), now::get);
    }

    private static ClusterMessage toRoom(String event, String room) {
        return new ClusterMessage.Broadcast("u", "/", List.of(event), BroadcastOptions.toRoom(room), null);
    }

    /** The same message as the reader gets it from Redis, for the XRANGE path. */
    private static StreamMessage<String, String> entry(String id, ClusterMessage message) {
        var e = StreamEntryCodec.encode(message);
        Map<String, String> body = new LinkedHashMap<>();
        for (int i = 0; i < e.fields().size(); i += 2) {
            body.put(e.fields().get(i), e.fields().get(i + 1));
        }
        return new StreamMessage<>("s", id, body);
    }

    private static List<Object> events(Optional<List<List<Object>>> packets) {
        return packets.orElseThrow().stream().map(p -> p.get(0)).toList();
    }

    @Test
    void answersAfterAnOffsetItHoldsWithWhatTheXrangePathPicksInOrder() {
        ReadWindow window = window(100, 1_000_000);
        List<StreamMessage<String, String>> stream = List.of(
                entry("1-0", toRoom("a", "r")),
                entry("2-0", toRoom("b", "r")),
                entry("2-1", toRoom("elsewhere", "x")),
                entry(
                        "3-0",
                        new ClusterMessage.Broadcast(
                                "u", "/", List.of("not-r"), BroadcastOptions.ALL.withExcept(List.of("r")), null)),
                entry(
                        "4-0",
                        new ClusterMessage.Broadcast(
                                "u",
                                "/",
                                List.of("volatile"),
                                BroadcastOptions.ALL.withFlags(BroadcastFlags.NONE.withVolatile(true)),
                                null)),
                entry("5-0", new ClusterMessage.SocketsJoin("u", "/", BroadcastOptions.ALL, List.of("x"))),
                entry(
                        "6-0",
                        new ClusterMessage.Broadcast("u", "/chat", List.of("other-nsp"), BroadcastOptions.ALL, null)),
                entry("7-0", new ClusterMessage.Broadcast("u", "/", List.of("with-ack"), BroadcastOptions.ALL, "req")),
                entry("8-0", new ClusterMessage.Broadcast("u", "/", List.of("all", 2L), BroadcastOptions.ALL, null)),
                entry("9-0", toRoom("mine", "me")));
        for (var e : stream) {
            window.read(e.getId(), StreamEntryCodec.decode(StreamEntry.of(e.getBody())), ReadWindow.encodedSize(e));
        }
        for (String offset : List.of("1-0", "2-0", "2-1", "5-0", "8-0", "9-0")) {
            List<List<Object>> xrange = new ArrayList<>();
            for (var e : stream) {
                List<Object> packet =
                        StreamOffsets.compare(e.getId(), offset) > 0 ? SessionStore.replayable(e, "/", ROOMS) : null;
                if (packet != null) {
                    xrange.add(packet);
                }
            }
            assertThat(window.packetsAfter(offset, "/", ROOMS)).as(offset).contains(xrange);
        }
        assertThat(events(window.packetsAfter("1-0", "/", ROOMS))).containsExactly("b", "all", "mine");
        assertThat(window.packetsAfter("2-0", "/", ROOMS).orElseThrow().get(0)).containsExactly("all", 2L, "8-0");
        assertThat(events(window.packetsAfter("5-0", "/chat", ROOMS))).containsExactly("other-nsp");
        assertThat(window.packetsAfter("9-0", "/", ROOMS)).contains(List.of());
    }

    @Test
    void anOffsetOlderThanTheOldestOrNewerThanTheNewestEntryIsNotAnswered() {
        ReadWindow window = window(100, 1_000_000);
        assertThat(window.packetsAfter("1-0", "/", ROOMS)).as("empty window").isEmpty();
        window.read("5-0", toRoom("a", "r"), 10);
        window.read("6-0", toRoom("b", "r"), 10);
        assertThat(window.packetsAfter("4-9", "/", ROOMS))
                .as("older: entries before 5-0 unknown")
                .isEmpty();
        assertThat(window.packetsAfter("6-1", "/", ROOMS))
                .as("newer: not read yet")
                .isEmpty();
        assertThat(events(window.packetsAfter("5-0", "/", ROOMS))).containsExactly("b");
    }

    @Test
    void theCountBoundDropsTheOldestEntries() {
        ReadWindow window = window(3, 1_000_000);
        for (int i = 1; i <= 5; i++) {
            window.read(i + "-0", toRoom("e" + i, "r"), 10);
        }
        assertThat(window.size()).isEqualTo(3);
        assertThat(window.evicted()).isEqualTo(2);
        assertThat(window.packetsAfter("2-0", "/", ROOMS)).as("2-0 was evicted").isEmpty();
        assertThat(events(window.packetsAfter("3-0", "/", ROOMS))).containsExactly("e4", "e5");
    }

    @Test
    void theByteBoundDropsTheOldestEntriesButKeepsTheNewest() {
        ReadWindow window = window(100, 250);
        window.read("1-0", toRoom("a", "r"), 100);
        window.read("2-0", toRoom("b", "r"), 100);
        assertThat(window.bytes()).isEqualTo(200);
        window.read("3-0", toRoom("c", "r"), 100);
        assertThat(window.size()).isEqualTo(2);
        assertThat(window.bytes()).isEqualTo(200);
        assertThat(window.packetsAfter("1-0", "/", ROOMS)).isEmpty();
        window.read("4-0", toRoom("huge", "r"), 10_000);
        assertThat(window.size()).as("an entry larger than the bound alone").isEqualTo(1);
        assertThat(window.packetsAfter("4-0", "/", ROOMS)).contains(List.of());
    }

    @Test
    void whatCannotBeReplayedKeepsOnlyItsIdAndStillCountsForContiguity() {
        ReadWindow window = window(100, 1_000);
        window.read("1-0", new ClusterMessage.SocketsJoin("u", "/", BroadcastOptions.ALL, List.of("x")), 500);
        window.read("2-0", null, 500);
        assertThat(window.bytes()).as("ids only").isEqualTo(6);
        window.read("3-0", toRoom("a", "r"), 50);
        assertThat(events(window.packetsAfter("1-0", "/", ROOMS))).containsExactly("a");
    }

    @Test
    void entriesOlderThanMaxDisconnectionDurationAreForgotten() {
        ReadWindow window = window(100, 1_000_000);
        window.read("1-0", toRoom("a", "r"), 10);
        now.addAndGet(Duration.ofMinutes(1).toMillis());
        window.read("2-0", toRoom("b", "r"), 10);
        now.addAndGet(Duration.ofMinutes(1).toMillis() + 1);
        assertThat(window.packetsAfter("1-0", "/", ROOMS)).as("1-0 is too old").isEmpty();
        assertThat(events(window.packetsAfter("2-0", "/", ROOMS))).isEmpty();
        assertThat(window.size()).isEqualTo(1);
    }

    @Test
    void aGapEmptiesTheWindowAndItStartsAgainFromTheNextEntry() {
        ReadWindow window = window(100, 1_000_000);
        window.read("1-0", toRoom("a", "r"), 10);
        window.read("2-0", toRoom("b", "r"), 10);
        window.reset();
        assertThat(window.resets()).isEqualTo(1);
        window.read("9-0", toRoom("after-gap", "r"), 10);
        window.read("10-0", toRoom("next", "r"), 10);
        assertThat(window.packetsAfter("1-0", "/", ROOMS))
                .as("entries 3-0..8-0 may be missing")
                .isEmpty();
        assertThat(window.packetsAfter("2-0", "/", ROOMS)).isEmpty();
        assertThat(events(window.packetsAfter("9-0", "/", ROOMS))).containsExactly("next");
    }

    @Test
    void anEntryOutOfOrderStartsTheWindowAgain() {
        ReadWindow window = window(100, 1_000_000);
        window.read("5-0", toRoom("a", "r"), 10);
        window.read("6-0", toRoom("b", "r"), 10);
        window.read("4-0", toRoom("back", "r"), 10);
        assertThat(window.size()).isEqualTo(1);
        assertThat(window.packetsAfter("5-0", "/", ROOMS)).isEmpty();
    }

    @Test
    void aNodeWindowHoldsWhatTheStreamKeepsAndSharesTheByteBoundAmongItsStreams() {
        ReadWindow one = ReadWindow.forStream(StreamsOptions.DEFAULTS, Duration.ofMinutes(2));
        for (int i = 1; i <= 10_001; i++) {
            one.read(i + "-0", toRoom("e", "r"), 10);
        }
        assertThat(one.size()).as("maxLen").isEqualTo(10_000);
        ReadWindow ofThree = ReadWindow.forStream(StreamsOptions.DEFAULTS.withStreamCount(2), Duration.ofMinutes(2));
        // streamCount 2 is read as 3 streams (-0, -1, --1): a third of the bound each
        ofThree.read("1-0", toRoom("a", "r"), ReadWindow.MAX_BYTES / 3);
        ofThree.read("2-0", toRoom("b", "r"), 1);
        assertThat(ofThree.size()).isEqualTo(1);
    }

    @Test
    void anOwnEntryAppliedAheadOfTheReaderStopsAnswersUntilTheReaderReadsIt() {
        ReadWindow window = window(100, 1_000_000);
        window.read("1-0", toRoom("a", "r"), 10);
        window.read("2-0", toRoom("b", "r"), 10);
        window.appliedAhead("4-0");
        assertThat(window.packetsAfter("1-0", "/", ROOMS))
                .as("4-0 reached the sockets but not the window: XRANGE finds it")
                .isEmpty();
        window.read("3-0", toRoom("c", "r"), 10);
        assertThat(window.packetsAfter("1-0", "/", ROOMS)).isEmpty();
        window.read("4-0", toRoom("own", "r"), 10);
        assertThat(events(window.packetsAfter("1-0", "/", ROOMS))).containsExactly("b", "c", "own");
        window.appliedAhead("3-5");
        assertThat(window.packetsAfter("1-0", "/", ROOMS))
                .as("an older one changes nothing")
                .isPresent();
    }
}
