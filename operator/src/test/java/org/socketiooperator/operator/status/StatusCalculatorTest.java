package org.socketiooperator.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.model.SocketIoClusterStatus;
import org.socketiooperator.operator.reconcile.SpecProblem;
import org.socketiooperator.operator.redis.ProbeOutcome;
import org.socketiooperator.operator.redis.ProbeOutcome.DetectedTopology;
import org.socketiooperator.operator.testing.Manifests;

class StatusCalculatorTest {
  private static final ProbeOutcome REACHABLE =
      new ProbeOutcome.Reachable("r:6379", "7.2.4", DetectedTopology.STANDALONE, true);

  @Test
  void anUnchangedSituationGivesAnEqualStatusEvenLater() {
    SocketIoCluster cluster = Manifests.cluster("c", "ns", Manifests.MINIMAL_SPEC);
    cluster.getMetadata().setGeneration(3L);
    SocketIoClusterStatus first = at("2026-01-01T00:00:00Z").compute(cluster, List.of(), Optional.of(REACHABLE),
        Optional.of(statefulSet(2, 2)));
    cluster.setStatus(first);
    SocketIoClusterStatus second = at("2026-01-01T01:00:00Z").compute(cluster, List.of(), Optional.of(REACHABLE),
        Optional.of(statefulSet(2, 2)));
    assertThat(second).isEqualTo(first);
    assertThat(first.observedGeneration()).isEqualTo(3L);
    assertThat(Conditions.isTrue(first.conditions(), ConditionTypes.READY)).isTrue();
  }

  @Test
  void aConditionThatFlipsGetsANewTransitionTimeAndTheRedisVersionIsKeptDuringAnOutage() {
    SocketIoCluster cluster = Manifests.cluster("c", "ns", Manifests.MINIMAL_SPEC);
    cluster.setStatus(at("2026-01-01T00:00:00Z").compute(cluster, List.of(), Optional.of(REACHABLE),
        Optional.of(statefulSet(2, 2))));
    SocketIoClusterStatus outage = at("2026-01-01T02:00:00Z").compute(cluster, List.of(),
        Optional.of(new ProbeOutcome.Unreachable("r:6379", "Timeout", "no answer")), Optional.of(statefulSet(2, 1)));
    var redis = Conditions.find(outage.conditions(), ConditionTypes.REDIS_REACHABLE).orElseThrow();
    assertThat(redis.getStatus()).isEqualTo("False");
    assertThat(redis.getLastTransitionTime()).isEqualTo("2026-01-01T02:00:00Z");
    var accepted = Conditions.find(outage.conditions(), ConditionTypes.ACCEPTED).orElseThrow();
    assertThat(accepted.getLastTransitionTime()).isEqualTo("2026-01-01T00:00:00Z");
    assertThat(outage.redis().version()).isEqualTo("7.2.4");
    assertThat(Conditions.find(outage.conditions(), ConditionTypes.READY).orElseThrow().getMessage())
        .isEqualTo("1 of 2 nodes ready");
  }

  @Test
  void problemsMakeAcceptedFalseWithTheFirstReasonAndEveryMessage() {
    SocketIoCluster cluster = Manifests.cluster("c", "ns", Manifests.MINIMAL_SPEC);
    SocketIoClusterStatus status = at("2026-01-01T00:00:00Z").compute(cluster,
        List.of(new SpecProblem("SecretNotFound", "a"), new SpecProblem("InvalidSpec", "b")), Optional.empty(),
        Optional.empty());
    var accepted = Conditions.find(status.conditions(), ConditionTypes.ACCEPTED).orElseThrow();
    assertThat(accepted.getReason()).isEqualTo("SecretNotFound");
    assertThat(accepted.getMessage()).isEqualTo("a; b");
    assertThat(Conditions.find(status.conditions(), ConditionTypes.REDIS_REACHABLE).orElseThrow().getStatus())
        .isEqualTo("Unknown");
  }

  private static StatusCalculator at(String instant) {
    return new StatusCalculator(Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
  }

  private static StatefulSet statefulSet(int replicas, int ready) {
    return new StatefulSetBuilder().withNewMetadata().withName("c").endMetadata()
        .withNewStatus().withReplicas(replicas).withReadyReplicas(ready).endStatus().build();
  }
}
