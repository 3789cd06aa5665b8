package org.socketiooperator.node.rebalance;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ShedPlanTest {

    @Test
    void aNodeAboveTheMeanShedsOnlyWhatItHoldsAboveIt() {
        ShedPlan plan = ShedPlan.of(900, List.of(300L, 0L), 0);
        assertThat(plan.nodes()).isEqualTo(3);
        assertThat(plan.clients()).isEqualTo(1200);
        assertThat(plan.target()).isEqualTo(400);
        assertThat(plan.excess()).isEqualTo(500);
    }

    @Test
    void theToleranceRaisesTheTarget() {
        // mean 400, plus 20 %: 480
        assertThat(ShedPlan.of(900, List.of(300L, 0L), 20).excess()).isEqualTo(420);
        assertThat(ShedPlan.of(480, List.of(300L, 420L), 20).excess()).isZero();
        assertThat(ShedPlan.of(481, List.of(300L, 419L), 20).excess()).isEqualTo(1);
    }

    @Test
    void nodesAtOrBelowTheTargetShedNothing() {
        assertThat(ShedPlan.of(0, List.of(900L), 0).excess()).isZero();
        assertThat(ShedPlan.of(450, List.of(450L), 0).excess()).isZero();
    }

    @Test
    void theTargetIsRoundedUpSoThatAnOddClientDoesNotMoveBackAndForth() {
        // 7 clients on 2 nodes: 4 and 3 is as balanced as it gets
        assertThat(ShedPlan.of(4, List.of(3L), 0).excess()).isZero();
        assertThat(ShedPlan.of(7, List.of(0L), 0).excess()).isEqualTo(3);
    }

    @Test
    void aNodeAloneIsAlwaysBalanced() {
        assertThat(ShedPlan.of(10_000, List.of(), 0).excess()).isZero();
    }
}
