package org.socketiooperator.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.socketiooperator.operator.dependents.ClusterNames;
import org.socketiooperator.operator.model.RedisStatus;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.model.SocketIoClusterStatus;
import org.socketiooperator.operator.reconcile.SpecProblem;
import org.socketiooperator.operator.redis.ProbeOutcome;

/** Computes a cluster's status from what the reconcile found. Pure: no I/O, so it is easy to test. */
public final class StatusCalculator {
  private final Clock clock;

  public StatusCalculator(Clock clock) {
    this.clock = clock;
  }

  /**
   * @param problems why the spec cannot be honoured; empty when accepted
   * @param probe the Redis check, or empty when it was not run (spec rejected before)
   * @param statefulSet the nodes' StatefulSet as last seen
   */
  public SocketIoClusterStatus compute(SocketIoCluster cluster, List<SpecProblem> problems,
      Optional<ProbeOutcome> probe, Optional<StatefulSet> statefulSet) {
    SocketIoClusterStatus old = cluster.getStatus();
    List<Condition> previous = old == null ? List.of() : old.conditions();
    long generation = Optional.ofNullable(cluster.getMetadata().getGeneration()).orElse(0L);
    Instant now = clock.instant();

    Optional<StatefulSetStatus> sts = statefulSet.map(StatefulSet::getStatus);
    int replicas = sts.map(StatefulSetStatus::getReplicas).orElse(0);
    int ready = sts.map(StatefulSetStatus::getReadyReplicas).orElse(0);
    int desired = cluster.getSpec() == null ? 0 : cluster.getSpec().replicas();

    Condition accepted = problems.isEmpty()
        ? Conditions.of(ConditionTypes.ACCEPTED, true, "SpecAccepted", "the spec can be honoured", generation,
            previous, now)
        : Conditions.of(ConditionTypes.ACCEPTED, false, problems.get(0).reason(),
            String.join("; ", problems.stream().map(SpecProblem::message).toList()), generation, previous, now);

    Condition redis = probe.map(outcome -> redisCondition(outcome, generation, previous, now))
        .orElseGet(() -> Conditions.of(ConditionTypes.REDIS_REACHABLE, "Unknown", "NotChecked",
            "Redis is checked once the spec is accepted", generation, previous, now));

    Condition readyCondition;
    if (!problems.isEmpty()) {
      readyCondition = Conditions.of(ConditionTypes.READY, false, "SpecNotAccepted",
          "see the Accepted condition", generation, previous, now);
    } else if (statefulSet.isEmpty()) {
      readyCondition = Conditions.of(ConditionTypes.READY, false, "Creating", "the nodes are being created",
          generation, previous, now);
    } else if (ready < desired || replicas != desired) {
      readyCondition = Conditions.of(ConditionTypes.READY, false, "NodesNotReady",
          ready + " of " + desired + " nodes ready", generation, previous, now);
    } else {
      readyCondition = Conditions.of(ConditionTypes.READY, true, "NodesReady",
          ready + " of " + desired + " nodes ready", generation, previous, now);
    }

    RedisStatus redisStatus = probe.map(outcome -> redisStatus(outcome, old)).orElse(old == null ? null : old.redis());

    return new SocketIoClusterStatus(generation, replicas, ready, ClusterNames.selectorString(cluster),
        cluster.getSpec() == null ? null : cluster.getSpec().adapter().mode().wireName(), redisStatus,
        List.of(readyCondition, redis, accepted));
  }

  private static Condition redisCondition(ProbeOutcome outcome, long generation, List<Condition> previous,
      Instant now) {
    if (outcome instanceof ProbeOutcome.Reachable r) {
      return Conditions.of(ConditionTypes.REDIS_REACHABLE, true, "Reachable",
          "Redis " + r.version() + " (" + r.topology().wireName() + ") answered at " + r.endpoint(), generation,
          previous, now);
    }
    ProbeOutcome.Unreachable u = (ProbeOutcome.Unreachable) outcome;
    return Conditions.of(ConditionTypes.REDIS_REACHABLE, false, u.reason(), u.message(), generation, previous, now);
  }

  private static RedisStatus redisStatus(ProbeOutcome outcome, SocketIoClusterStatus old) {
    if (outcome instanceof ProbeOutcome.Reachable r) {
      return new RedisStatus(r.endpoint(), r.version(), r.topology().wireName(), r.shardedPubSub());
    }
    // Keep what was detected last time: an outage does not change the server's version.
    return old != null && old.redis() != null ? old.redis() : new RedisStatus(outcome.endpoint(), null, null, null);
  }
}
