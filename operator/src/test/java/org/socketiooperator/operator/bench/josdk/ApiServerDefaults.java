package org.socketiooperator.operator.bench.josdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.Quantity;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What a kube-apiserver (1.30) stores for an object it was sent, as far as the harness needs it: the defaults it
 * fills in for the kinds the operator writes, canonical quantities ("0.5" becomes "500m") and no empty lists (Go's
 * omitempty). fabric8's mock server does none of it, so a matcher that is fooled by defaults is never caught there.
 * Written from the Kubernetes API reference, not copied from the API server's code; not exhaustive.
 */
final class ApiServerDefaults {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ApiServerDefaults() {}

    /** Fills in {@code object} (a serialized Kubernetes object) in place and returns it. */
    static ObjectNode apply(ObjectNode object) {
        ObjectNode spec = (ObjectNode) object.get("spec");
        switch (object.path("kind").asText()) {
            case "Service" -> service(spec);
            case "StatefulSet" -> statefulSet(spec);
            case "NetworkPolicy" -> networkPolicy(spec);
            default -> {
                // ConfigMap and PodDisruptionBudget (policy/v1) get no defaults.
            }
        }
        dropEmptyLists(object);
        return object;
    }

    private static void service(ObjectNode spec) {
        putIfAbsent(spec, "type", "ClusterIP");
        putIfAbsent(spec, "sessionAffinity", "None");
        putIfAbsent(spec, "clusterIP", "10.96.17.42");
        if (!spec.has("clusterIPs")) {
            spec.putArray("clusterIPs").add(spec.get("clusterIP").asText());
        }
        if (!spec.has("ipFamilies")) {
            spec.putArray("ipFamilies").add("IPv4");
        }
        putIfAbsent(spec, "ipFamilyPolicy", "SingleStack");
        putIfAbsent(spec, "internalTrafficPolicy", "Cluster");
        if ("ClientIP".equals(spec.path("sessionAffinity").asText()) && !spec.has("sessionAffinityConfig")) {
            spec.putObject("sessionAffinityConfig").putObject("clientIP").put("timeoutSeconds", 10800);
        }
        for (JsonNode port : spec.path("ports")) {
            putIfAbsent((ObjectNode) port, "protocol", "TCP");
            if (!port.has("targetPort")) {
                ((ObjectNode) port).set("targetPort", port.get("port"));
            }
        }
    }

    private static void statefulSet(ObjectNode spec) {
        putIfAbsent(spec, "podManagementPolicy", "OrderedReady");
        if (!spec.has("revisionHistoryLimit")) {
            spec.put("revisionHistoryLimit", 10);
        }
        if (!spec.has("updateStrategy")) {
            spec.putObject("updateStrategy").put("type", "RollingUpdate");
        }
        if ("RollingUpdate".equals(spec.path("updateStrategy").path("type").asText())) {
            ObjectNode rolling = object(spec.with("updateStrategy"), "rollingUpdate");
            if (!rolling.has("partition")) {
                rolling.put("partition", 0);
            }
        }
        if (!spec.has("persistentVolumeClaimRetentionPolicy")) {
            spec.putObject("persistentVolumeClaimRetentionPolicy")
                    .put("whenDeleted", "Retain")
                    .put("whenScaled", "Retain");
        }
        ObjectNode pod = object(object(spec, "template"), "spec");
        putIfAbsent(pod, "restartPolicy", "Always");
        putIfAbsent(pod, "dnsPolicy", "ClusterFirst");
        putIfAbsent(pod, "schedulerName", "default-scheduler");
        if (!pod.has("terminationGracePeriodSeconds")) {
            pod.put("terminationGracePeriodSeconds", 30);
        }
        object(pod, "securityContext");
        for (String list : List.of("initContainers", "containers")) {
            for (JsonNode container : pod.path(list)) {
                container((ObjectNode) container);
            }
        }
        for (JsonNode volume : pod.path("volumes")) {
            for (String source : List.of("configMap", "secret", "downwardAPI", "projected")) {
                if (volume.has(source) && !volume.get(source).has("defaultMode")) {
                    ((ObjectNode) volume.get(source)).put("defaultMode", 420);
                }
            }
            for (JsonNode item : volume.path("downwardAPI").path("items")) {
                if (item.has("fieldRef")) {
                    putIfAbsent((ObjectNode) item.get("fieldRef"), "apiVersion", "v1");
                }
            }
        }
    }

    private static void container(ObjectNode container) {
        putIfAbsent(container, "terminationMessagePath", "/dev/termination-log");
        putIfAbsent(container, "terminationMessagePolicy", "File");
        putIfAbsent(
                container,
                "imagePullPolicy",
                container.path("image").asText().endsWith(":latest") ? "Always" : "IfNotPresent");
        for (JsonNode port : container.path("ports")) {
            putIfAbsent((ObjectNode) port, "protocol", "TCP");
        }
        for (String probe : List.of("readinessProbe", "livenessProbe", "startupProbe")) {
            if (container.get(probe) instanceof ObjectNode p) {
                defaultInt(p, "timeoutSeconds", 1);
                defaultInt(p, "periodSeconds", 10);
                defaultInt(p, "successThreshold", 1);
                defaultInt(p, "failureThreshold", 3);
                if (p.get("httpGet") instanceof ObjectNode http) {
                    putIfAbsent(http, "scheme", "HTTP");
                }
            }
        }
        for (JsonNode env : container.path("env")) {
            JsonNode field = env.path("valueFrom").path("fieldRef");
            if (field instanceof ObjectNode ref) {
                putIfAbsent(ref, "apiVersion", "v1");
            }
        }
        for (String kind : List.of("requests", "limits")) {
            if (container.path("resources").get(kind) instanceof ObjectNode amounts) {
                List<Map.Entry<String, JsonNode>> entries = new ArrayList<>();
                amounts.fields().forEachRemaining(entries::add);
                for (Map.Entry<String, JsonNode> e : entries) {
                    amounts.put(e.getKey(), canonical(e.getValue().asText()));
                }
            }
        }
    }

    private static void networkPolicy(ObjectNode spec) {
        if (!spec.has("policyTypes")) {
            ArrayNode types = spec.putArray("policyTypes").add("Ingress");
            if (spec.has("egress")) {
                types.add("Egress");
            }
        }
        for (String direction : List.of("ingress", "egress")) {
            for (JsonNode rule : spec.path(direction)) {
                for (JsonNode port : rule.path("ports")) {
                    putIfAbsent((ObjectNode) port, "protocol", "TCP");
                }
            }
        }
    }

    /** Kubernetes' canonical spelling of a decimal quantity: "0.5" is "500m", "1000m" is "1". */
    static String canonical(String quantity) {
        if (!quantity.matches("[0-9.]+m?")) {
            return quantity;
        }
        BigDecimal value = Quantity.getAmountInBytes(new Quantity(quantity));
        if (value.stripTrailingZeros().scale() <= 0) {
            return value.stripTrailingZeros().toPlainString();
        }
        return value.movePointRight(3).stripTrailingZeros().toPlainString() + "m";
    }

    private static void dropEmptyLists(JsonNode node) {
        if (node instanceof ObjectNode object) {
            for (Iterator<Map.Entry<String, JsonNode>> fields = object.fields(); fields.hasNext(); ) {
                JsonNode value = fields.next().getValue();
                if (value.isArray() && value.isEmpty()) {
                    fields.remove();
                } else {
                    dropEmptyLists(value);
                }
            }
        } else if (node instanceof ArrayNode array) {
            array.forEach(ApiServerDefaults::dropEmptyLists);
        }
    }

    private static ObjectNode object(ObjectNode parent, String name) {
        return parent.get(name) instanceof ObjectNode child ? child : parent.putObject(name);
    }

    private static void putIfAbsent(ObjectNode node, String name, String value) {
        if (!node.has(name)) {
            node.set(name, JSON.textNode(value));
        }
    }

    private static void defaultInt(ObjectNode node, String name, int value) {
        if (!node.has(name)) {
            node.put(name, value);
        }
    }
}
