package org.socketiooperator.node.rebalance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.socketiooperator.node.rebalance.Rebalancer.Outcome;

class RoundVerdictTest {

    @Test
    void countsFromEveryPeerGiveAPlan() {
        // answers arrive as the parser decodes them: Integer, Long or Double
        RoundVerdict verdict = RoundVerdict.of(List.of(0, 2L, 1.0), 9, 0);
        assertThat(verdict.outcome()).isEqualTo(Outcome.SHED);
        assertThat(verdict.plan()).hasValueSatisfying(plan -> {
            assertThat(plan.target()).isEqualTo(3);
            assertThat(plan.excess()).isEqualTo(6);
        });
        assertThat(RoundVerdict.of(List.of(3, 3), 3, 0).outcome()).isEqualTo(Outcome.BALANCED);
    }

    @Test
    void aDrainingPeerStopsTheRoundHoweverFullThisNodeIs() {
        // a scale-in: the leaving node's clients are moving anyway, and its falling count would pull the mean down
        assertThat(RoundVerdict.of(List.of(0, Rebalancer.DRAINING), 1000, 0))
                .isEqualTo(new RoundVerdict(Outcome.PEER_DRAINING, Optional.empty()));
        assertThat(RoundVerdict.of(Arrays.asList(0, null), 1000, 0).outcome()).isEqualTo(Outcome.PEER_DRAINING);
        assertThat(RoundVerdict.of(List.of(-1), 1000, 0).outcome()).isEqualTo(Outcome.PEER_DRAINING);
    }
}
