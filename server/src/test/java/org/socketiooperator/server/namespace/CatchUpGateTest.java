package org.socketiooperator.server.namespace;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.socketiooperator.server.engine.SendFlags;
import org.socketiooperator.server.engine.SharedMessage;

class CatchUpGateTest {

    private static final Comparator<String> BY_NUMBER = Comparator.comparingLong(Long::parseLong);

    private static CatchUpGate.LivePacket packet(String offset) {
        return new CatchUpGate.LivePacket(offset, new SharedMessage("42" + offset), List.of(), SendFlags.NORMAL);
    }

    @Test
    void holdsLivePacketsUntilReleasedThenKeepsOnlyThoseAfterTheReplay() {
        CatchUpGate gate = new CatchUpGate(BY_NUMBER);
        assertThat(gate.passes(packet("4"))).isFalse();
        assertThat(gate.passes(packet("6"))).isFalse();
        assertThat(gate.passes(packet(null))).isFalse();
        assertThat(gate.passes(packet("7"))).isFalse();
        assertThat(gate.held()).isEqualTo(4);

        List<CatchUpGate.LivePacket> after = gate.release("6");
        assertThat(after).extracting(CatchUpGate.LivePacket::offset).containsExactly(null, "7");
        assertThat(gate.held()).isZero();
    }

    @Test
    void afterTheReleaseALateDuplicateIsDroppedAndTheRestPasses() {
        CatchUpGate gate = new CatchUpGate(BY_NUMBER);
        gate.release("6");
        assertThat(gate.passes(packet("5")))
                .as("replayed already, a lagging reader's copy")
                .isFalse();
        assertThat(gate.passes(packet("6"))).isFalse();
        assertThat(gate.passes(packet("8"))).isTrue();
        assertThat(gate.passes(packet(null))).isTrue();
        assertThat(gate.passes(packet("not an offset")))
                .as("cannot be compared: never replayed")
                .isTrue();
    }

    @Test
    void aFloodDuringTheCatchUpOverflowsTheGateInsteadOfGrowingIt() {
        CatchUpGate gate = new CatchUpGate(BY_NUMBER);
        for (int i = 1; i <= CatchUpGate.MAX_HELD; i++) {
            assertThat(gate.passes(packet(Integer.toString(i)))).isFalse();
        }
        assertThat(gate.overflowed()).isFalse();

        assertThat(gate.passes(packet(Integer.toString(CatchUpGate.MAX_HELD + 1))))
                .isFalse();

        assertThat(gate.overflowed()).isTrue();
        assertThat(gate.held()).isEqualTo(CatchUpGate.MAX_HELD);
    }
}
