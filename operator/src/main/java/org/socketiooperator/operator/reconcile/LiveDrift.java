package org.socketiooperator.operator.reconcile;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Tells whether a live dependent still says everything the operator wrote. Only the fields the operator
 * sets are compared: whatever the API server or a controller added (defaults, status, cluster IPs) is
 * ignored, so an unchanged world compares equal and the steady state stays free of writes, while a
 * hand edit of an owned field (or the removal of one) counts as drift.
 */
final class LiveDrift {
    /** Kubernetes quantities, which the API server may return in a canonical spelling ("0.5" as "500m"). */
    private static final Pattern QUANTITY =
            Pattern.compile("[+-]?\\d+(\\.\\d+)?([eE][+-]?\\d+|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?");

    private LiveDrift() {}

    /**
     * Fields an API server drops when the feature behind them is off (MaxUnavailableStatefulSet; the PDB's
     * unhealthyPodEvictionPolicy before 1.27). Their absence is not drift: otherwise every write would be
     * followed by another, forever. The desired-hash annotation still makes a changed value written.
     */
    private static final Map<String, List<List<String>>> MAY_BE_DROPPED = Map.of(
            "StatefulSet", List.of(List.of("spec", "updateStrategy", "rollingUpdate", "maxUnavailable")),
            "PodDisruptionBudget", List.of(List.of("spec", "unhealthyPodEvictionPolicy")));

    static boolean drifted(HasMetadata desired, HasMetadata live, KubernetesSerialization serialization) {
        JsonNode wanted = serialization.convertValue(desired, JsonNode.class);
        JsonNode actual = serialization.convertValue(live, JsonNode.class);
        for (List<String> path : MAY_BE_DROPPED.getOrDefault(desired.getKind(), List.of())) {
            if (missing(actual, path)) {
                remove(wanted, path);
            }
        }
        return !covers(actual, wanted);
    }

    private static boolean missing(JsonNode node, List<String> path) {
        JsonNode current = node;
        for (String name : path) {
            current = current == null ? null : current.get(name);
        }
        return current == null || current.isNull();
    }

    private static void remove(JsonNode node, List<String> path) {
        JsonNode parent = node;
        for (String name : path.subList(0, path.size() - 1)) {
            parent = parent == null ? null : parent.get(name);
        }
        if (parent instanceof ObjectNode object) {
            object.remove(path.get(path.size() - 1));
        }
    }

    /** True when every value in {@code wanted} is present and equal in {@code actual}. */
    static boolean covers(JsonNode actual, JsonNode wanted) {
        if (wanted == null || wanted.isNull() || (wanted.isContainerNode() && wanted.isEmpty())) {
            return true;
        }
        if (actual == null || actual.isNull()) {
            return false;
        }
        if (wanted.isObject()) {
            if (!actual.isObject()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = wanted.fields(); fields.hasNext(); ) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (!covers(actual.get(field.getKey()), field.getValue())) {
                    return false;
                }
            }
            return true;
        }
        if (wanted.isArray()) {
            // The server does not add list elements to what we write, so the lengths must match.
            if (!actual.isArray() || actual.size() != wanted.size()) {
                return false;
            }
            for (int i = 0; i < wanted.size(); i++) {
                if (!covers(actual.get(i), wanted.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return wanted.equals(actual) || sameQuantity(wanted, actual);
    }

    private static boolean sameQuantity(JsonNode wanted, JsonNode actual) {
        String a = wanted.asText();
        String b = actual.asText();
        if (!QUANTITY.matcher(a).matches() || !QUANTITY.matcher(b).matches()) {
            return false;
        }
        try {
            return Quantity.getAmountInBytes(new Quantity(a)).compareTo(Quantity.getAmountInBytes(new Quantity(b)))
                    == 0;
        } catch (IllegalArgumentException | ArithmeticException e) {
            return false;
        }
    }
}
