package org.socketiooperator.operator.reconcile;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirements;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.socketiooperator.operator.dependents.NodeStatefulSet;
import org.socketiooperator.operator.model.AdapterMode;
import org.socketiooperator.operator.model.AdapterSpec;
import org.socketiooperator.operator.model.Defaults;
import org.socketiooperator.operator.model.IngressSpec;
import org.socketiooperator.operator.model.PdbSpec;
import org.socketiooperator.operator.model.PodOverrides;
import org.socketiooperator.operator.model.RedisSpec;
import org.socketiooperator.operator.model.RedisTopology;
import org.socketiooperator.operator.model.ServerSpec;
import org.socketiooperator.operator.model.ShutdownSpec;
import org.socketiooperator.operator.model.SocketIoClusterSpec;
import org.socketiooperator.operator.model.UpdateStrategySpec;
import org.socketiooperator.operator.status.SpecProblem;

/**
 * Checks what the CRD schema cannot (or what an API server without CEL lets through), so a bad spec
 * ends in a condition instead of broken pods or an exception loop.
 */
public final class SpecValidator {
    public static final String INVALID_SPEC = "InvalidSpec";

    private SpecValidator() {}

    public static List<SpecProblem> validate(SocketIoClusterSpec spec) {
        List<SpecProblem> problems = new ArrayList<>();
        if (spec == null) {
            problems.add(invalid("spec is missing"));
            return problems;
        }
        if (spec.replicas() < 0) {
            problems.add(invalid("spec.replicas must not be negative"));
        }
        validateRedis(spec.redis(), problems);
        validateAdapter(spec.adapter(), problems);
        if (spec.server().cors().origins().contains("*") && spec.server().cors().credentials()) {
            problems.add(invalid("spec.server.cors: origin * cannot be combined with credentials"));
        }
        if (spec.server().pingInterval() <= 0 || spec.server().pingTimeout() <= 0) {
            problems.add(invalid("spec.server.pingInterval and pingTimeout must be positive"));
        }
        validateServerLimits(spec, problems);
        Integer maxRooms = spec.gateway().maxRoomsPerSocket();
        if (maxRooms != null && maxRooms < 1) {
            problems.add(invalid("spec.gateway.maxRoomsPerSocket must be at least 1"));
        }
        validateShutdown(spec.shutdown(), problems);
        validateUpdateStrategy(spec.updateStrategy(), problems);
        validatePod(spec.pod(), problems);
        validateResources(spec.resources(), problems);
        validateDisruptionBudget(spec.podDisruptionBudget(), problems);
        IngressSpec ingress = spec.ingress();
        if (ingress.enabled() && (ingress.host() == null || ingress.host().isBlank())) {
            problems.add(invalid("spec.ingress.host is required when the ingress is enabled"));
        }
        return problems;
    }

    /**
     * The kubelet kills a pod once its grace period is over, preStop included: a shorter one cuts the drain
     * (clients then see an abrupt close instead of a spread-out reconnect) or the close of Redis.
     */
    private static void validateShutdown(ShutdownSpec shutdown, List<SpecProblem> problems) {
        if (shutdown.drainPeriodSeconds() < 0 || shutdown.preStopDelaySeconds() < 0) {
            problems.add(invalid("spec.shutdown.drainPeriodSeconds and preStopDelaySeconds must not be negative"));
            return;
        }
        Integer grace = shutdown.terminationGracePeriodSeconds();
        if (grace != null && grace < shutdown.minimumTerminationGracePeriodSeconds()) {
            problems.add(invalid("spec.shutdown.terminationGracePeriodSeconds (" + grace + ") must be at least "
                    + shutdown.minimumTerminationGracePeriodSeconds() + ": preStopDelaySeconds ("
                    + shutdown.preStopDelaySeconds() + ") + drainPeriodSeconds (" + shutdown.drainPeriodSeconds()
                    + ") + " + Defaults.NODE_CLOSE_SECONDS
                    + " for the node to close; leave it out to have it computed"));
        }
    }

    private static void validateUpdateStrategy(UpdateStrategySpec strategy, List<SpecProblem> problems) {
        if (strategy.minReadySeconds() < 0) {
            problems.add(invalid("spec.updateStrategy.minReadySeconds must not be negative"));
        }
        if (strategy.partition() != null && strategy.partition() < 0) {
            problems.add(invalid("spec.updateStrategy.partition must not be negative"));
        }
        if (strategy.maxUnavailable() != null) {
            intOrPercent("spec.updateStrategy.maxUnavailable", strategy.maxUnavailable(), 1, problems);
        }
        if (strategy.progressDeadlineSeconds() < 1) {
            problems.add(invalid("spec.updateStrategy.progressDeadlineSeconds must be at least 1"));
        }
    }

    /** What the operator puts in the pod itself cannot be replaced or shadowed by the user's additions. */
    private static void validatePod(PodOverrides pod, List<SpecProblem> problems) {
        for (var volume : pod.volumes()) {
            if (volume.getName() == null || PodOverrides.RESERVED_VOLUMES.contains(volume.getName())) {
                problems.add(invalid("spec.pod.volumes: the name " + volume.getName() + " is taken (the operator uses "
                        + PodOverrides.RESERVED_VOLUMES + ")"));
            }
        }
        for (var mount : pod.volumeMounts()) {
            String path =
                    mount.getMountPath() == null ? "" : mount.getMountPath().replaceAll("/+$", "");
            if (path.isEmpty()
                    || path.equals("/tmp")
                    || path.equals("/etc/socketio")
                    || path.startsWith("/etc/socketio/")
                    || path.startsWith("/tmp/")) {
                problems.add(invalid("spec.pod.volumeMounts: " + mount.getMountPath() + " is the operator's (/tmp and"
                        + " /etc/socketio)"));
            }
        }
        for (var sidecar : pod.sidecars()) {
            if (sidecar.getName() == null || NodeStatefulSet.CONTAINER.equals(sidecar.getName())) {
                problems.add(invalid(
                        "spec.pod.sidecars: every sidecar needs a name other than " + NodeStatefulSet.CONTAINER));
            }
        }
    }

    /** The operator reads the CPU amounts (one event loop per CPU), so every amount must be a quantity. */
    private static void validateResources(ResourceRequirements resources, List<SpecProblem> problems) {
        if (resources == null) {
            return;
        }
        validateAmounts("spec.resources.limits", resources.getLimits(), problems);
        validateAmounts("spec.resources.requests", resources.getRequests(), problems);
    }

    private static void validateAmounts(String field, Map<String, Quantity> amounts, List<SpecProblem> problems) {
        if (amounts == null) {
            return;
        }
        amounts.forEach((name, amount) -> {
            BigDecimal value;
            try {
                value = amount == null ? null : amount.getNumericalAmount();
            } catch (RuntimeException notAQuantity) {
                value = null;
            }
            if (value == null || value.signum() < 0) {
                problems.add(invalid(field + "." + name + ": " + (amount == null ? "null" : amount.toString())
                        + " is not a quantity of zero or more (e.g. 500m, 2, 512Mi)"));
            }
        });
    }

    private static void validateDisruptionBudget(PdbSpec pdb, List<SpecProblem> problems) {
        if (pdb.maxUnavailable() != null && pdb.minAvailable() != null) {
            problems.add(invalid("spec.podDisruptionBudget: set maxUnavailable or minAvailable, not both"));
        }
        if (pdb.maxUnavailable() != null) {
            intOrPercent("spec.podDisruptionBudget.maxUnavailable", pdb.maxUnavailable(), 1, problems);
        }
        if (pdb.minAvailable() != null) {
            intOrPercent("spec.podDisruptionBudget.minAvailable", pdb.minAvailable(), 0, problems);
        }
    }

    /** A whole number of at least {@code min}, or a percentage from {@code min}% to 100%. */
    private static void intOrPercent(String field, IntOrString value, int min, List<SpecProblem> problems) {
        if (value.getIntVal() != null) {
            if (value.getIntVal() < min) {
                problems.add(invalid(field + " must be at least " + min + ", got " + value.getIntVal()));
            }
            return;
        }
        String text = value.getStrVal() == null ? "" : value.getStrVal();
        if (!text.matches("\\d{1,3}%")
                || Integer.parseInt(text.substring(0, text.length() - 1)) > 100
                || Integer.parseInt(text.substring(0, text.length() - 1)) < min) {
            problems.add(
                    invalid(field + " must be a number or a percentage from " + min + "% to 100%, got '" + text + "'"));
        }
    }

    /** The node refuses to start with these values, so its pods would never become ready. */
    private static void validateServerLimits(SocketIoClusterSpec spec, List<SpecProblem> problems) {
        ServerSpec server = spec.server();
        Integer threshold = server.perMessageDeflate().threshold();
        if (threshold != null && threshold < 0) {
            problems.add(invalid("spec.server.perMessageDeflate.threshold must not be negative"));
        }
        Integer attachments = server.maxAttachments();
        if (attachments != null && (attachments < 0 || attachments > Defaults.MAX_ATTACHMENTS_LIMIT)) {
            problems.add(invalid("spec.server.maxAttachments must be between 0 and " + Defaults.MAX_ATTACHMENTS_LIMIT));
        }
        Long buffered = server.maxBufferedBytes();
        if (buffered != null && (buffered < 1 || buffered > Integer.MAX_VALUE)) {
            problems.add(invalid("spec.server.maxBufferedBytes must be between 1 and " + Integer.MAX_VALUE));
        } else if (server.effectiveMaxBufferedBytes() < server.maxHttpBufferSize()
                && (buffered != null || !setThroughPodEnv(spec, "SIO_MAX_BUFFERED_BYTES"))) {
            // One message of the largest size must fit in a client's buffer; the node checks this at start-up.
            problems.add(invalid(
                    buffered != null
                            ? "spec.server.maxBufferedBytes (" + buffered + ") must be at least maxHttpBufferSize ("
                                    + server.maxHttpBufferSize() + ")"
                            : "spec.server.maxHttpBufferSize (" + server.maxHttpBufferSize()
                                    + ") exceeds the node's default"
                                    + " maxBufferedBytes (" + Defaults.NODE_MAX_BUFFERED_BYTES
                                    + "): set spec.server.maxBufferedBytes"
                                    + " to at least maxHttpBufferSize"));
        }
    }

    /** pod.env entries win over the ConfigMap: a variable set there replaces the node's default. */
    private static boolean setThroughPodEnv(SocketIoClusterSpec spec, String name) {
        return spec.pod().env().stream().anyMatch(e -> name.equals(e.getName()));
    }

    private static void validateRedis(RedisSpec redis, List<SpecProblem> problems) {
        if (redis == null) {
            problems.add(invalid("spec.redis is required: give url, host or nodes"));
            return;
        }
        int endpoints = (redis.url() != null ? 1 : 0)
                + (redis.host() != null ? 1 : 0)
                + (redis.nodes().isEmpty() ? 0 : 1);
        if (endpoints != 1) {
            problems.add(invalid("spec.redis needs exactly one of url, host or nodes, got " + endpoints));
        }
        if (redis.url() != null) {
            validateUrl(redis.url(), problems);
        }
        for (String node : redis.nodes()) {
            if (!node.matches("[^:\\s]+:\\d{1,5}")) {
                problems.add(invalid("spec.redis.nodes: '" + node + "' is not host:port"));
            }
        }
        if (!redis.nodes().isEmpty() && redis.topology() == RedisTopology.STANDALONE) {
            problems.add(invalid("spec.redis.nodes lists Redis Cluster seeds but topology is standalone"));
        }
        if (redis.port() < 1 || redis.port() > 65535) {
            problems.add(invalid("spec.redis.port must be between 1 and 65535"));
        }
        if (redis.auth() != null
                && (redis.auth().secretName() == null
                        || redis.auth().secretName().isBlank())) {
            problems.add(invalid("spec.redis.auth.secretName is required"));
        }
        if (redis.tls().caSecret() != null && !redis.tls().enabled()) {
            problems.add(invalid("spec.redis.tls.caSecret is set but tls.enabled is false"));
        }
        if (redis.tls().clientCertSecret() != null && !redis.tls().enabled()) {
            problems.add(invalid("spec.redis.tls.clientCertSecret is set but tls.enabled is false"));
        }
        if (redis.tls().clientCertSecret() != null
                && redis.tls().clientCertSecret().isBlank()) {
            problems.add(invalid("spec.redis.tls.clientCertSecret must name a Secret"));
        }
    }

    private static void validateUrl(String url, List<SpecProblem> problems) {
        try {
            URI uri = new URI(url);
            if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
                problems.add(invalid("spec.redis.url must start with redis:// or rediss://"));
            } else if (uri.getHost() == null) {
                problems.add(invalid("spec.redis.url has no host"));
            } else if (uri.getUserInfo() != null) {
                // A password in the URL would end up in plain sight in the custom resource and the ConfigMap.
                problems.add(invalid("spec.redis.url must not contain credentials: use spec.redis.auth.secretName"));
            }
        } catch (URISyntaxException e) {
            problems.add(invalid("spec.redis.url is not a valid URL: " + e.getReason()));
        }
    }

    private static void validateAdapter(AdapterSpec adapter, List<SpecProblem> problems) {
        if (adapter.subscriptionMode() != null && adapter.mode() != AdapterMode.SHARDED) {
            problems.add(invalid("spec.adapter.subscriptionMode applies to mode sharded only"));
        }
        if (adapter.streams() != null && adapter.mode() != AdapterMode.STREAMS) {
            problems.add(invalid("spec.adapter.streams applies to mode streams only"));
        }
        if (adapter.publishesOnSpecificResponseChannel() && adapter.mode() != AdapterMode.CLASSIC) {
            problems.add(invalid("spec.adapter.publishOnSpecificResponseChannel applies to mode classic only"));
        }
        if (adapter.requestsTimeout() <= 0) {
            problems.add(invalid("spec.adapter.requestsTimeout must be positive"));
        }
        if (adapter.channelPrefix().isBlank()) {
            problems.add(invalid("spec.adapter.channelPrefix must not be empty"));
        }
    }

    private static SpecProblem invalid(String message) {
        return new SpecProblem(INVALID_SPEC, message);
    }
}
