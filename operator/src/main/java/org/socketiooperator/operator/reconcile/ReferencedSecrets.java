package org.socketiooperator.operator.reconcile;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.util.ArrayList;
import java.util.List;
import org.socketiooperator.operator.model.RedisSpec;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.status.StatusCalculator;

/**
 * The Secrets a cluster reads (Redis password and user, TLS CA, client certificate), as "namespace/name" keys: the index that
 * maps a created or rotated Secret back to the clusters that need reconciling.
 */
public final class ReferencedSecrets {
    public static final String INDEX = "socketio-referenced-secrets";
    /** {@link SocketIoCluster#SECRET_WATCH_LABEL}. */
    public static final String WATCH_LABEL = SocketIoCluster.SECRET_WATCH_LABEL;

    public static final String WATCH_SELECTOR = WATCH_LABEL + "=true";
    /** {@link StatusCalculator#SECRET_NOT_WATCHED}. */
    public static final String SECRET_NOT_WATCHED = StatusCalculator.SECRET_NOT_WATCHED;

    private ReferencedSecrets() {}

    /** Tolerates a half-filled spec: the index is built before validation runs. */
    public static List<String> keys(SocketIoCluster cluster) {
        List<String> keys = new ArrayList<>();
        RedisSpec redis = cluster.getSpec() == null ? null : cluster.getSpec().redis();
        if (redis == null) {
            return keys;
        }
        String namespace = cluster.getMetadata().getNamespace();
        if (redis.auth() != null && redis.auth().secretName() != null) {
            keys.add(key(namespace, redis.auth().secretName()));
        }
        if (redis.tls() != null
                && redis.tls().caSecret() != null
                && redis.tls().caSecret().name() != null) {
            keys.add(key(namespace, redis.tls().caSecret().name()));
        }
        if (redis.tls() != null && redis.tls().clientCertSecret() != null) {
            keys.add(key(namespace, redis.tls().clientCertSecret()));
        }
        return keys;
    }

    public static boolean watched(HasMetadata secret) {
        return secret.getMetadata().getLabels() != null
                && "true".equals(secret.getMetadata().getLabels().get(WATCH_LABEL));
    }

    public static String key(HasMetadata secret) {
        return key(secret.getMetadata().getNamespace(), secret.getMetadata().getName());
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
