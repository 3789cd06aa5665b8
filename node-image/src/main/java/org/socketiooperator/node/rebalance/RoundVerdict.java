package org.socketiooperator.node.rebalance;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.socketiooperator.node.rebalance.Rebalancer.Outcome;

/**
 * What one round concludes from its peers' answers: shed (with the plan) or not, and why not. Every answer must
 * be a count; a draining peer's marker, or anything else, stops the round: its view of the cluster is not one to
 * move clients on.
 */
record RoundVerdict(Outcome outcome, Optional<ShedPlan> plan) {

    static RoundVerdict of(List<Object> answers, long own, int tolerancePercent) {
        List<Long> peers = new ArrayList<>();
        for (Object answer : answers) {
            if (!(answer instanceof Number count) || count.longValue() < 0) {
                return new RoundVerdict(Outcome.PEER_DRAINING, Optional.empty());
            }
            peers.add(count.longValue());
        }
        ShedPlan plan = ShedPlan.of(own, peers, tolerancePercent);
        return plan.excess() == 0
                ? new RoundVerdict(Outcome.BALANCED, Optional.of(plan))
                : new RoundVerdict(Outcome.SHED, Optional.of(plan));
    }
}
