package org.socketiooperator.operator.model;

import static org.socketiooperator.operator.model.Defaults.or;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/**
 * A Gateway API HTTPRoute to the client Service with cookie session persistence; the successor of the
 * ingress-nginx Ingress, and used alongside it or instead of it.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(
        value = "!has(self.enabled) || !self.enabled || (has(self.parentRefs) && size(self.parentRefs) > 0)",
        message = "an enabled httpRoute needs at least one parentRef")
public record HttpRouteSpec(
        @Default("false")
        @JsonPropertyDescription("Create the HTTPRoute (gateway.networking.k8s.io/v1); needs parentRefs. Created only"
                + " where the Gateway API exists (HTTPRouteReady says which).")
        Boolean enabled,

        @JsonPropertyDescription("The Gateways (or their listeners) the route attaches to.")
        List<GatewayParentRef> parentRefs,

        @JsonPropertyDescription("Host names the route answers; empty: every host of the parent listeners.")
        List<String> hostnames,

        @Pattern("^/\\S*$") @Default(Defaults.INGRESS_PATH) @JsonPropertyDescription("Path prefix routed to the nodes.")
        String path,

        @Default(Defaults.AFFINITY_COOKIE)
        @JsonPropertyDescription("Name of the session cookie the Gateway sets to keep a client on one node (HTTP"
                + " long-polling needs that); the Gateway implementation must support sessionPersistence.")
        String cookieName,

        @Default("true")
        @JsonPropertyDescription(
                "Ask the Gateway for cookie session persistence (sessionPersistence type Cookie, in the"
                        + " Gateway API's experimental channel in v1.1-v1.4: with the standard-channel CRDs the API server drops"
                        + " the field). false: no stickiness from the route; then clients must use WebSocket only.")
        Boolean sessionPersistence) {

    public static final HttpRouteSpec DISABLED = new HttpRouteSpec(false, null, null, null, null, null);

    public HttpRouteSpec {
        enabled = or(enabled, false);
        parentRefs = or(parentRefs, List.of());
        hostnames = or(hostnames, List.of());
        path = or(path, Defaults.INGRESS_PATH);
        cookieName = or(cookieName, Defaults.AFFINITY_COOKIE);
        sessionPersistence = or(sessionPersistence, true);
    }
}
