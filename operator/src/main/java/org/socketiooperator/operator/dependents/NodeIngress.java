package org.socketiooperator.operator.dependents;

import io.fabric8.kubernetes.api.model.networking.v1.HTTPIngressPathBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressTLSBuilder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.socketiooperator.operator.model.IngressSpec;
import org.socketiooperator.operator.model.SocketIoCluster;

/**
 * Optional Ingress. The default annotations give ingress-nginx cookie affinity (polling sessions stay on
 * one node) and long proxy timeouts (WebSockets stay open); users override or remove them per key.
 */
public final class NodeIngress implements Dependent<Ingress> {
    private static final String NGINX = "nginx.ingress.kubernetes.io/";

    @Override
    public Class<Ingress> type() {
        return Ingress.class;
    }

    @Override
    public String name(SocketIoCluster cluster) {
        return cluster.getMetadata().getName();
    }

    @Override
    public Optional<Ingress> desired(DesiredInputs inputs) {
        IngressSpec ingress = inputs.spec().ingress();
        if (!ingress.enabled()) {
            return Optional.empty();
        }
        SocketIoCluster cluster = inputs.cluster();
        IngressBuilder builder = new IngressBuilder()
                .withMetadata(ClusterNames.metadata(cluster, name(cluster), annotations(inputs)))
                .withNewSpec()
                .withIngressClassName(ingress.className())
                .addNewRule()
                .withHost(ingress.host())
                .withNewHttp()
                .withPaths(new HTTPIngressPathBuilder()
                        .withPath(ingress.path())
                        .withPathType("Prefix")
                        .withNewBackend()
                        .withNewService()
                        .withName(ClusterNames.clientService(cluster))
                        .withNewPort()
                        .withNumber(inputs.spec().service().port())
                        .endPort()
                        .endService()
                        .endBackend()
                        .build())
                .endHttp()
                .endRule()
                .endSpec();
        if (ingress.tlsSecretName() != null) {
            builder.editSpec()
                    .withTls(new IngressTLSBuilder()
                            .withHosts(List.of(ingress.host()))
                            .withSecretName(ingress.tlsSecretName())
                            .build())
                    .endSpec();
        }
        return Optional.of(builder.build());
    }

    static Map<String, String> annotations(DesiredInputs inputs) {
        IngressSpec ingress = inputs.spec().ingress();
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(NGINX + "affinity", "cookie");
        annotations.put(NGINX + "affinity-mode", "persistent");
        annotations.put(NGINX + "session-cookie-name", ingress.cookieName());
        annotations.put(NGINX + "proxy-read-timeout", "3600");
        annotations.put(NGINX + "proxy-send-timeout", "3600");
        annotations.put(
                NGINX + "proxy-body-size", String.valueOf(inputs.spec().server().maxHttpBufferSize()));
        if (ingress.tlsSecretName() != null) {
            // Behind TLS the affinity cookie can be Secure, and only a Secure cookie may be SameSite=None, which
            // cross-origin pages need for the browser to send it with their long-polling requests.
            annotations.put(NGINX + "session-cookie-secure", "true");
            if (!inputs.spec().server().cors().origins().isEmpty()) {
                annotations.put(NGINX + "session-cookie-samesite", "None");
            }
        }
        ingress.annotations().forEach((key, value) -> {
            if (value == null || value.isEmpty()) {
                annotations.remove(key);
            } else {
                annotations.put(key, value);
            }
        });
        return annotations;
    }
}
