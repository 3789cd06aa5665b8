package org.socketiooperator.operator.model;

import static org.socketiooperator.operator.model.Defaults.or;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import io.fabric8.kubernetes.model.annotation.SpecReplicas;

/** Desired state of a Socket.IO cluster. Absent fields take the defaults in {@link Defaults}. */
@JsonClassDescription("Desired state of the cluster. Only redis is required; absent fields take the defaults of the"
        + " official Socket.IO server and Redis adapter.")
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record SocketIoClusterSpec(
        @SpecReplicas @Min(0) @Default("" + Defaults.REPLICAS) @JsonPropertyDescription("Number of Socket.IO nodes.")
        Integer replicas,

        @JsonPropertyDescription("Node image; defaults to the project's node image at the operator's own version.")
        String image,

        @JsonPropertyDescription("When the kubelet pulls the node image: Always, IfNotPresent or Never; unset: the"
                + " Kubernetes default for the image tag.")
        ImagePullPolicy imagePullPolicy,

        @JsonPropertyDescription("CPU and memory of the node container (core/v1 ResourceRequirements: kubectl explain"
                + " pod.spec.containers.resources). Unset or empty: requests of 100m CPU and 256Mi memory and no limits"
                + " (Burstable, so the scheduler reserves room and the node is not evicted first); set limits.memory to"
                + " size the heap (75 % of it). The CPU limit, else the CPU request, rounded up, is the node's number"
                + " of event loops (SIO_IO_THREADS; 1 with neither).")
        ResourceRequirements resources,

        @JsonPropertyDescription("Pod template overrides a platform team needs.")
        PodOverrides pod,

        @Required @JsonPropertyDescription("The Redis the nodes' adapter uses.")
        RedisSpec redis,

        @JsonPropertyDescription("The Redis adapter: Pub/Sub flavour, channel prefix, message encoding. Every node and"
                + " emitter of a cluster must agree on these.")
        AdapterSpec adapter,

        @JsonPropertyDescription("Socket.IO server settings of every node.")
        ServerSpec server,

        @JsonPropertyDescription(
                "The client Service, sticky by client IP so HTTP long-polling keeps reaching one node.")
        ServiceSpec service,

        @JsonPropertyDescription("Optional Ingress with cookie affinity (ingress-nginx annotations by default).")
        IngressSpec ingress,

        @JsonPropertyDescription("PodDisruptionBudget of the nodes: how many may be evicted at once (node drains,"
                + " cluster upgrades).")
        PdbSpec podDisruptionBudget,

        @JsonPropertyDescription("How a node stops: a preStop delay, then it drains its clients, then it closes, within"
                + " the grace period.")
        ShutdownSpec shutdown,

        @JsonPropertyDescription("The node's built-in gateway.")
        GatewaySpec gateway,

        @JsonPropertyDescription("How pod-template changes roll over the nodes (minReadySeconds, partition,"
                + " maxUnavailable). Changes old and new nodes cannot share a cluster with (adapter mode, parser, channel"
                + " prefix, Redis target) get a new StatefulSet beside the old one instead.")
        UpdateStrategySpec updateStrategy,

        @JsonPropertyDescription("NetworkPolicy of the node pods, on by default: clients on the Socket.IO port, the"
                + " management port only from the peers named, egress only to DNS and Redis.")
        NetworkPolicySpec networkPolicy,

        @JsonPropertyDescription("Scraping of the nodes' metrics: a Prometheus Operator PodMonitor.")
        MonitoringSpec monitoring,

        @JsonPropertyDescription("Optional Gateway API HTTPRoute with cookie session persistence, alongside or instead"
                + " of the Ingress.")
        HttpRouteSpec httpRoute,

        @JsonPropertyDescription("Off by default: after a scale-out, nodes above the mean client count disconnect"
                + " their excess at a bounded rate so that it reconnects to other nodes.")
        RebalanceSpec rebalance) {

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
        networkPolicy = or(networkPolicy, NetworkPolicySpec.DEFAULT);
        monitoring = or(monitoring, MonitoringSpec.NONE);
        httpRoute = or(httpRoute, HttpRouteSpec.DISABLED);
        rebalance = or(rebalance, RebalanceSpec.DISABLED);
    }
}
