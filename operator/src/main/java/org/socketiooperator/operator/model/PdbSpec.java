package org.socketiooperator.operator.model;

import static org.socketiooperator.operator.model.Defaults.or;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.IntOrString;

/**
 * PodDisruptionBudget of the nodes: voluntary evictions keep at most maxUnavailable nodes away (or at least
 * minAvailable nodes up); one of the two, a number or a percentage; neither set means maxUnavailable 1.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(
        value = "!has(self.maxUnavailable) || !has(self.minAvailable)",
        message = "set maxUnavailable or minAvailable, not both")
public record PdbSpec(
        @Default("true") @JsonPropertyDescription("Create the PodDisruptionBudget.")
        Boolean enabled,

        @JsonPropertyDescription("Nodes that may be evicted at once: a number (at least 1) or a percentage such as"
                + " \"25%\"; the default (1) when minAvailable is not set either.")
        IntOrString maxUnavailable,

        @JsonPropertyDescription("Nodes that must stay available during evictions: a number or a percentage; instead"
                + " of maxUnavailable.")
        IntOrString minAvailable) {
    public static final PdbSpec DEFAULT = new PdbSpec(null, null, null);

    public PdbSpec {
        enabled = or(enabled, true);
    }

    /** maxUnavailable as set, or the default 1 when neither bound is set. */
    public IntOrString effectiveMaxUnavailable() {
        if (maxUnavailable != null) {
            return maxUnavailable;
        }
        return minAvailable == null ? new IntOrString(Defaults.PDB_MAX_UNAVAILABLE) : null;
    }
}
