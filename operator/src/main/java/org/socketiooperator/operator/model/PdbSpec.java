package org.socketiooperator.operator.model;

import static org.socketiooperator.operator.model.Defaults.or;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;

/** PodDisruptionBudget of the nodes: voluntary evictions take at most maxUnavailable nodes at once. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PdbSpec(@Default("true") Boolean enabled, @Min(1) @Default("" + Defaults.PDB_MAX_UNAVAILABLE) Integer maxUnavailable) {
  public static final PdbSpec DEFAULT = new PdbSpec(null, null);

  public PdbSpec {
    enabled = or(enabled, true);
    maxUnavailable = or(maxUnavailable, Defaults.PDB_MAX_UNAVAILABLE);
  }
}
