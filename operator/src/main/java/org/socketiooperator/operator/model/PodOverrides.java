package org.socketiooperator.operator.model;

import static org.socketiooperator.operator.model.Defaults.or;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
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

        @JsonPropertyDescription(
                "Extra environment variables of the node container (e.g. JAVA_TOOL_OPTIONS); they win over"
                        + " the operator's ConfigMap, not over the Redis credentials (core/v1 EnvVar: kubectl explain"
                        + " pod.spec.containers.env).")
        List<EnvVar> env,

        @JsonPropertyDescription("Node selector of the node pods.")
        Map<String, String> nodeSelector,

        @JsonPropertyDescription(
                "Tolerations of the node pods (core/v1 Toleration: kubectl explain" + " pod.spec.tolerations).")
        List<Toleration> tolerations,

        @JsonPropertyDescription("Affinity of the node pods (core/v1 Affinity: kubectl explain pod.spec.affinity).")
        Affinity affinity,

        @JsonPropertyDescription("PriorityClass of the node pods.")
        String priorityClassName,

        @JsonPropertyDescription(
                "ServiceAccount the node pods run as; unset: the namespace's default, with no API token"
                        + " mounted (automountServiceAccountToken: false). Set: its token is mounted as that ServiceAccount says.")
        String serviceAccountName,

        @JsonPropertyDescription("How the node pods spread over zones or hosts (core/v1: kubectl explain"
                + " pod.spec.topologySpreadConstraints). Unset: as evenly as possible over zones, then hosts"
                + " (maxSkew 1, whenUnsatisfiable ScheduleAnyway), so one zone or host failing takes few nodes along.")
        List<TopologySpreadConstraint> topologySpreadConstraints,

        @JsonPropertyDescription("Secrets with registry credentials for pulling the node and sidecar images (core/v1"
                + " LocalObjectReference: kubectl explain pod.spec.imagePullSecrets).")
        List<LocalObjectReference> imagePullSecrets,

        @JsonPropertyDescription("Extra volumes of the node pods, e.g. a ConfigMap or an image volume holding extension"
                + " jars for SIO_PLUGINS_DIR (core/v1 Volume: kubectl explain pod.spec.volumes). The names tmp, pod-info,"
                + " redis-ca and redis-client-cert are the operator's.")
        List<Volume> volumes,

        @JsonPropertyDescription("Extra mounts of the node container (core/v1 VolumeMount: kubectl explain"
                + " pod.spec.containers.volumeMounts); not at /tmp or under /etc/socketio, which are the operator's.")
        List<VolumeMount> volumeMounts,

        @JsonPropertyDescription("Containers that run beside the node for the pod's whole life (log shippers, proxies):"
                + " Kubernetes sidecars, i.e. init containers with restartPolicy Always, started before the node and"
                + " stopped after it, so they outlive its drain (core/v1 Container: kubectl explain"
                + " pod.spec.initContainers). The name node is the operator's.")
        List<Container> sidecars,

        @JsonPropertyDescription("Replaces the node container's startup probe (core/v1 Probe: kubectl explain"
                + " pod.spec.containers.startupProbe). Unset: GET /healthz on the management port every second, up to"
                + " 60 times, before the readiness and liveness probes start.")
        Probe startupProbe) {

    public static final PodOverrides EMPTY =
            new PodOverrides(null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    /** The volume names and mount paths the operator uses itself. */
    public static final java.util.Set<String> RESERVED_VOLUMES =
            java.util.Set.of("tmp", "pod-info", "redis-ca", "redis-client-cert");

    public PodOverrides {
        labels = or(labels, Map.of());
        annotations = or(annotations, Map.of());
        env = or(env, List.of());
        nodeSelector = or(nodeSelector, Map.of());
        tolerations = or(tolerations, List.of());
        topologySpreadConstraints = or(topologySpreadConstraints, List.of());
        imagePullSecrets = or(imagePullSecrets, List.of());
        volumes = or(volumes, List.of());
        volumeMounts = or(volumeMounts, List.of());
        sidecars = or(sidecars, List.of());
    }
}
