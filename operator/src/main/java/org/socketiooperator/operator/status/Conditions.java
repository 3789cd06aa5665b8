package org.socketiooperator.operator.status;

import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;

/** Builds conditions that keep their lastTransitionTime while their status does not change. */
public final class Conditions {
    private Conditions() {}

    public static Condition of(
            String type,
            boolean status,
            String reason,
            String message,
            long generation,
            List<Condition> previous,
            Instant now) {
        return of(type, status ? "True" : "False", reason, message, generation, previous, now);
    }

    public static Condition of(
            String type,
            String status,
            String reason,
            String message,
            long generation,
            List<Condition> previous,
            Instant now) {
        String since = find(previous, type)
                .filter(old -> status.equals(old.getStatus()))
                .map(Condition::getLastTransitionTime)
                .orElse(now.truncatedTo(ChronoUnit.SECONDS).toString());
        return new ConditionBuilder()
                .withType(type)
                .withStatus(status)
                .withReason(reason)
                .withMessage(message)
                .withObservedGeneration(generation)
                .withLastTransitionTime(since)
                .build();
    }

    public static Optional<Condition> find(List<Condition> conditions, String type) {
        return conditions == null
                ? Optional.empty()
                : conditions.stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    public static boolean isTrue(List<Condition> conditions, String type) {
        return find(conditions, type).map(c -> "True".equals(c.getStatus())).orElse(false);
    }
}
