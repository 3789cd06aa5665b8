package org.socketiooperator.operator.model;

import static org.socketiooperator.operator.model.Defaults.or;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;

/** Desired state of a Socket.IO cluster. Absent fields take the defaults in {@link Defaults}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SocketIoClusterSpec(
    @SpecReplicas
    @Min(0)
    @Default("" + Defaults.REPLICAS)
    @JsonPropertyDescription("Number of Socket.IO nodes.")
    Integer replicas,
    @JsonPropertyDescription("Node image; defaults to the project's node image at the operator's own version.")
    String image,
    ImagePullPolicy imagePullPolicy,
    @JsonPropertyDescription("CPU and memory of the node container.")
    ResourceRequirements resources,
    @JsonPropertyDescription("Pod template overrides a platform team needs.")
    PodOverrides pod,
    @Required
    @JsonPropertyDescription("The Redis the nodes' adapter uses.")
    RedisSpec redis,
    AdapterSpec adapter,
    ServerSpec server,
    ServiceSpec service,
    IngressSpec ingress,
    PdbSpec podDisruptionBudget,
    ShutdownSpec shutdown,
    @JsonPropertyDescription("The node's built-in gateway.")
    GatewaySpec gateway,
    UpdateStrategySpec updateStrategy) {

  public SocketIoClusterSpec {
    replicas = or(replicas, Defaults.REPLICAS);
    pod = or(pod, PodOverrides.EMPTY);
    adapter = or(adapter, AdapterSpec.DEFAULT);
    server = or(server, ServerSpec.DEFAULT);
    service = or(service, ServiceSpec.DEFAULT);
    ingress = or(ingress, IngressSpec.DISABLED);
    podDisruptionBudget = or(podDisruptionBudget, PdbSpec.DEFAULT);
    shutdown = or(shutdown, ShutdownSpec.DEFAULT);
    gateway = or(gateway, GatewaySpec.UNSET);
    updateStrategy = or(updateStrategy, UpdateStrategySpec.DEFAULT);
  }
}
