package org.socketiooperator.operator.model;

import static org.socketiooperator.operator.model.Defaults.or;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import java.util.List;
import java.util.Map;

/** What a platform team may add to the node pods; the operator's own settings win on conflicts. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PodOverrides(
    Map<String, String> labels,
    Map<String, String> annotations,
    @JsonPropertyDescription("Extra environment variables of the node container (e.g. JAVA_TOOL_OPTIONS).")
    List<EnvVar> env,
    Map<String, String> nodeSelector,
    List<Toleration> tolerations,
    Affinity affinity,
    String priorityClassName,
    String serviceAccountName,
    List<TopologySpreadConstraint> topologySpreadConstraints) {

  public static final PodOverrides EMPTY = new PodOverrides(null, null, null, null, null, null, null, null, null);

  public PodOverrides {
    labels = or(labels, Map.of());
    annotations = or(annotations, Map.of());
    env = or(env, List.of());
    nodeSelector = or(nodeSelector, Map.of());
    tolerations = or(tolerations, List.of());
    topologySpreadConstraints = or(topologySpreadConstraints, List.of());
  }
}
