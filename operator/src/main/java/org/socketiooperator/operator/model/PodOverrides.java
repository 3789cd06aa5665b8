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
    @JsonPropertyDescription("Extra labels of the node pods; the operator's own labels win.")
    Map<String, String> labels,
    @JsonPropertyDescription("Extra annotations of the node pods.")
    Map<String, String> annotations,
    @JsonPropertyDescription("Extra environment variables of the node container (e.g. JAVA_TOOL_OPTIONS); they win over"
        + " the operator's ConfigMap, not over the Redis credentials (core/v1 EnvVar: kubectl explain"
        + " pod.spec.containers.env).")
    List<EnvVar> env,
    @JsonPropertyDescription("Node selector of the node pods.")
    Map<String, String> nodeSelector,
    @JsonPropertyDescription("Tolerations of the node pods (core/v1 Toleration: kubectl explain"
        + " pod.spec.tolerations).")
    List<Toleration> tolerations,
    @JsonPropertyDescription("Affinity of the node pods (core/v1 Affinity: kubectl explain pod.spec.affinity).")
    Affinity affinity,
    @JsonPropertyDescription("PriorityClass of the node pods.")
    String priorityClassName,
    @JsonPropertyDescription("ServiceAccount the node pods run as; unset: the namespace's default, with no API token"
        + " mounted (automountServiceAccountToken: false). Set: its token is mounted as that ServiceAccount says.")
    String serviceAccountName,
    @JsonPropertyDescription("How the node pods spread over zones or hosts (core/v1: kubectl explain"
        + " pod.spec.topologySpreadConstraints).")
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
