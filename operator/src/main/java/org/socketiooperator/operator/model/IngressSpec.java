package org.socketiooperator.operator.model;

import static org.socketiooperator.operator.model.Defaults.or;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** Optional Ingress with cookie affinity; the default annotations suit ingress-nginx and can be overridden. */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
@JsonIgnoreProperties(ignoreUnknown = true)
@ValidationRule(
        value = "!has(self.enabled) || !self.enabled || has(self.host)",
        message = "an enabled ingress needs a host")
public record IngressSpec(
        @Default("false") @JsonPropertyDescription("Create the Ingress; needs host.")
        Boolean enabled,

        @JsonPropertyDescription("Host name clients connect to.")
        String host,

        @JsonPropertyDescription("IngressClass of the Ingress; unset: the cluster's default class.")
        String className,

        @Default(Defaults.INGRESS_PATH) @JsonPropertyDescription("Path prefix routed to the nodes.")
        String path,

        @JsonPropertyDescription("Secret with the TLS certificate for host; absent means plain HTTP.")
        String tlsSecretName,

        @JsonPropertyDescription("Merged over the operator's ingress-nginx defaults; an empty value removes a default.")
        Map<String, String> annotations,

        @Default(Defaults.AFFINITY_COOKIE)
        @JsonPropertyDescription(
                "Name of the affinity cookie that keeps a client on one node (HTTP long-polling needs" + " that).")
        String cookieName) {

    public static final IngressSpec DISABLED = new IngressSpec(false, null, null, null, null, null, null);

    public IngressSpec {
        enabled = or(enabled, false);
        path = or(path, Defaults.INGRESS_PATH);
        annotations = or(annotations, Map.of());
        cookieName = or(cookieName, Defaults.AFFINITY_COOKIE);
    }
}
