package org.socketiooperator.operator.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.model.annotation.LabelSelector;
import io.fabric8.kubernetes.model.annotation.StatusReplicas;
import java.util.List;

/** Observed state; replicas and selector back the scale subresource. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SocketIoClusterStatus(
    Long observedGeneration,
    @StatusReplicas
    Integer replicas,
    Integer readyReplicas,
    @LabelSelector
    @JsonPropertyDescription("Label selector of the node pods, for the scale subresource.")
    String selector,
    String adapterMode,
    RedisStatus redis,
    List<Condition> conditions) {

  public SocketIoClusterStatus {
    conditions = conditions == null ? List.of() : List.copyOf(conditions);
  }
}
