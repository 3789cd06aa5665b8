package org.socketiooperator.operator.model;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/**
 * Only the CRD schema of a status condition, so that kubectl explain describes its fields; the value is
 * fabric8's {@link io.fabric8.kubernetes.api.model.Condition} (the fields of metav1.Condition).
 */
public record ConditionSchema(
        @Required @JsonPropertyDescription("Ready, Available, Progressing, Reconciled, RedisReachable or Accepted.")
        String type,

        @Required @JsonPropertyDescription("True, False or Unknown.")
        String status,

        @JsonPropertyDescription("One word (CamelCase) saying why, e.g. RollingUpdate, Forbidden, Paused.")
        String reason,

        @JsonPropertyDescription("What happened, in words; names the object and the field to look at.")
        String message,

        @JsonPropertyDescription("The metadata.generation of the spec the condition was computed for.")
        Long observedGeneration,

        @JsonPropertyDescription("When status last changed (RFC 3339).")
        String lastTransitionTime) {}
