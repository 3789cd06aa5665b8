package org.socketiooperator.adapter.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.socketiooperator.adapter.recovery.RecoveryLimits;
import org.socketiooperator.adapter.recovery.RestoredSession;
import org.socketiooperator.adapter.recovery.SocketSession;
import org.socketiooperator.protocol.model.BroadcastFlags;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;

class RecoveryBufferTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final RecoveryBuffer buffer =
            new RecoveryBuffer(new RecoveryLimits(Duration.ofSeconds(10), 6, 3), now::get);
    private final SocketSession alice = new SocketSession("sidA", "pidA", List.of("sidA", "red"), "data");

    private String offsetOf(EventPacket sent) {
        return (String) sent.data().get(sent.data().size() - 1);
    }

    private EventPacket send(String event, BroadcastOptions opts) {
        return buffer.keep(EventPacket.of("/", event), opts);
    }

    @Test
    void restoresTheSessionWithTheMissedPacketsThatReachedItsRoomsInOrder() {
        String last = offsetOf(send("seen", BroadcastOptions.ALL));
        buffer.persist("/", alice);
        EventPacket one = send("one", BroadcastOptions.toRoom("red"));
        send("other room", BroadcastOptions.toRoom("blue"));
        send("excluded", new BroadcastOptions(Set.of(), Set.of("red"), BroadcastFlags.NONE));
        EventPacket two = send("two", BroadcastOptions.ALL);
        EventPacket three = send("three", BroadcastOptions.toRoom("sidA"));

        Optional<RestoredSession> restored = buffer.restore("/", "pidA", last);

        assertThat(restored).isPresent();
        assertThat(restored.get().session()).isEqualTo(alice);
        assertThat(restored.get().missedPackets()).containsExactly(one.data(), two.data(), three.data());
        assertThat(one.data()).hasSize(2).first().isEqualTo("one");
        assertThat(buffer.metrics().restored()).isEqualTo(1);
    }

    @Test
    void theCatchUpAfterARestoreGivesWhatCameAfterTheLastReplayedOffsetAndOffsetsCompareBySequence() {
        String first = offsetOf(send("a", BroadcastOptions.toRoom("red")));
        send("b", BroadcastOptions.toRoom("blue"));
        String third = offsetOf(send("c", BroadcastOptions.ALL));
        EventPacket fourth = send("d", BroadcastOptions.toRoom("red"));

        assertThat(buffer.packetsSince("/", alice.rooms(), first))
                .extracting(p -> p.get(0))
                .containsExactly("c", "d");
        assertThat(buffer.packetsSince("/", alice.rooms(), third)).containsExactly(fourth.data());
        assertThat(buffer.packetsSince("/", alice.rooms(), offsetOf(fourth))).isEmpty();
        assertThat(buffer.packetsSince("/other", alice.rooms(), first)).isEmpty();
        assertThat(buffer.packetsSince("/", alice.rooms(), "not-ours")).isEmpty();
        assertThat(buffer.offsetOrder().compare(first, third)).isNegative();
        assertThat(buffer.offsetOrder().compare(offsetOf(fourth), third)).isPositive();
    }

    @Test
    void volatilePacketsCarryNoOffsetAndAreNotKept() {
        String last = offsetOf(send("seen", BroadcastOptions.ALL));
        buffer.persist("/", alice);
        EventPacket sent = buffer.keep(
                EventPacket.of("/", "v"), BroadcastOptions.ALL.withFlags(BroadcastFlags.NONE.withVolatile(true)));
        assertThat(sent.data()).containsExactly("v");
        assertThat(buffer.restore("/", "pidA", last).orElseThrow().missedPackets())
                .isEmpty();
    }

    @Test
    void aSessionIsRestoredOnceOnlyAndOnlyInItsNamespace() {
        String last = offsetOf(send("seen", BroadcastOptions.ALL));
        buffer.persist("/", alice);
        assertThat(buffer.restore("/chat", "pidA", last)).isEmpty();
        assertThat(buffer.restore("/", "pidA", last)).isPresent();
        assertThat(buffer.restore("/", "pidA", last)).isEmpty();
    }

    @Test
    void unknownPidsForeignOffsetsAndExpiredSessionsAreNotRestored() {
        String last = offsetOf(send("seen", BroadcastOptions.ALL));
        buffer.persist("/", alice);
        assertThat(buffer.restore("/", "nobody", last)).isEmpty();
        assertThat(buffer.restore("/", "pidA", "otherEpoch-0")).isEmpty();
        buffer.persist("/", alice);
        assertThat(buffer.restore("/", "pidA", last.substring(0, last.indexOf('-') + 1) + "zz"))
                .isEmpty();
        buffer.persist("/", alice);
        now.addAndGet(10_001);
        assertThat(buffer.restore("/", "pidA", last)).isEmpty();
        assertThat(buffer.metrics().notRestored()).isEqualTo(4);
        assertThat(buffer.metrics().packetsKept()).isZero();
    }

    @Test
    void boundsEvictTheOldestPacketsAndSessions() {
        String first = offsetOf(send("p0", BroadcastOptions.ALL));
        buffer.persist("/", alice);
        for (int i = 1; i <= 6; i++) {
            send("p" + i, BroadcastOptions.ALL);
        }
        assertThat(buffer.metrics().packetsKept()).isEqualTo(6);
        assertThat(buffer.metrics().packetsEvicted()).isEqualTo(1);
        // the client's last offset was pushed out: it cannot know what it missed
        assertThat(buffer.restore("/", "pidA", first)).isEmpty();

        for (int i = 0; i < 4; i++) {
            buffer.persist("/", new SocketSession("s" + i, "p" + i, List.of("s" + i), null));
        }
        assertThat(buffer.metrics().sessionsKept()).isEqualTo(3);
        assertThat(buffer.metrics().sessionsEvicted()).isEqualTo(1);
    }
}
