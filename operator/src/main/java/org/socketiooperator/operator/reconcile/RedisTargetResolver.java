package org.socketiooperator.operator.reconcile;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.socketiooperator.operator.model.RedisAuth;
import org.socketiooperator.operator.model.RedisSpec;
import org.socketiooperator.operator.model.RedisTls;
import org.socketiooperator.operator.model.SecretKeyRef;
import org.socketiooperator.operator.redis.RedisTarget;
import org.socketiooperator.operator.redis.RedisTarget.HostPort;
import org.socketiooperator.operator.status.SpecProblem;

/** Reads the Secrets a cluster refers to and builds the Redis target the probe dials. */
public final class RedisTargetResolver {
    public static final String SECRET_NOT_FOUND = "SecretNotFound";
    public static final String SECRET_KEY_MISSING = "SecretKeyMissing";
    public static final String SECRET_FORBIDDEN = "SecretForbidden";
    /** A client key in a form the nodes cannot read (PKCS#1, SEC1, encrypted). */
    public static final String CLIENT_KEY_UNSUPPORTED = "ClientKeyUnsupported";

    private final KubernetesClient client;

    public RedisTargetResolver(KubernetesClient client) {
        this.client = client;
    }

    /** The outcome of reading the referenced Secrets. */
    public sealed interface Resolution {}

    /**
     * @param target where and how to connect
     * @param secretsVersion identifies the versions of the Secrets read (not their content), so that
     *     rotating a password rolls the pods without exposing anything derived from it
     * @param unwatched names of the Secrets read that lack the watch label: they work, but a change to them
     *     is only seen at the next re-check
     */
    public record Resolved(RedisTarget target, String secretsVersion, List<String> unwatched) implements Resolution {}

    public record Rejected(SpecProblem problem) implements Resolution {}

    public Resolution resolve(String namespace, RedisSpec redis) {
        try {
            return resolveSecrets(namespace, redis);
        } catch (SecretForbidden e) {
            return new Rejected(new SpecProblem(
                    SECRET_FORBIDDEN,
                    "the operator may not read Secret '" + e.name + "' in namespace '" + namespace
                            + "': grant it get on secrets (the chart's RBAC, deploy/install.yaml)"));
        }
    }

    private Resolution resolveSecrets(String namespace, RedisSpec redis) {
        List<String> versions = new ArrayList<>();
        List<String> unwatched = new ArrayList<>();
        String username = null;
        char[] password = null;
        RedisAuth auth = redis.auth();
        if (auth != null) {
            Secret secret = read(namespace, auth.secretName());
            if (secret == null) {
                return notFound(namespace, auth.secretName(), "spec.redis.auth.secretName");
            }
            versions.add(version(secret));
            noteUnwatched(secret, unwatched);
            byte[] passwordBytes = value(secret, auth.passwordKey());
            if (passwordBytes == null) {
                return keyMissing(auth.secretName(), auth.passwordKey(), "spec.redis.auth.passwordKey");
            }
            password = StandardCharsets.UTF_8
                    .decode(ByteBuffer.wrap(passwordBytes))
                    .toString()
                    .toCharArray();
            if (auth.usernameKey() != null) {
                byte[] usernameBytes = value(secret, auth.usernameKey());
                if (usernameBytes == null) {
                    return keyMissing(auth.secretName(), auth.usernameKey(), "spec.redis.auth.usernameKey");
                }
                username = new String(usernameBytes, StandardCharsets.UTF_8);
            }
        }
        byte[] caPem = null;
        boolean tls = NodeEnvironment.usesTls(redis);
        SecretKeyRef ca = redis.tls().caSecret();
        if (tls && ca != null) {
            Secret secret = read(namespace, ca.name());
            if (secret == null) {
                return notFound(namespace, ca.name(), "spec.redis.tls.caSecret.name");
            }
            versions.add(version(secret));
            noteUnwatched(secret, unwatched);
            caPem = value(secret, ca.key());
            if (caPem == null) {
                return keyMissing(ca.name(), ca.key(), "spec.redis.tls.caSecret.key");
            }
        }
        RedisTarget.ClientCertificate clientCertificate = null;
        String clientCertSecret = redis.tls().clientCertSecret();
        if (tls && clientCertSecret != null) {
            Secret secret = read(namespace, clientCertSecret);
            if (secret == null) {
                return notFound(namespace, clientCertSecret, "spec.redis.tls.clientCertSecret");
            }
            versions.add(version(secret));
            noteUnwatched(secret, unwatched);
            byte[] cert = value(secret, RedisTls.CERT_KEY);
            if (cert == null) {
                return keyMissing(clientCertSecret, RedisTls.CERT_KEY, "spec.redis.tls.clientCertSecret");
            }
            byte[] key = value(secret, RedisTls.KEY_KEY);
            if (key == null) {
                return keyMissing(clientCertSecret, RedisTls.KEY_KEY, "spec.redis.tls.clientCertSecret");
            }
            if (!new String(key, StandardCharsets.US_ASCII).contains("-----BEGIN PRIVATE KEY-----")) {
                return new Rejected(new SpecProblem(
                        CLIENT_KEY_UNSUPPORTED,
                        "Secret '" + clientCertSecret + "' key '" + RedisTls.KEY_KEY + "' is not an unencrypted"
                                + " PKCS#8 PEM key (BEGIN PRIVATE KEY), the one form the nodes read: convert it with"
                                + " 'openssl pkcs8 -topk8 -nocrypt', or set privateKey.encoding: PKCS8 on the"
                                + " cert-manager Certificate"));
            }
            clientCertificate = new RedisTarget.ClientCertificate(cert, key);
        }
        return new Resolved(
                new RedisTarget(seeds(redis), database(redis), tls, caPem, username, password, clientCertificate),
                String.join(",", versions),
                List.copyOf(unwatched));
    }

    private static void noteUnwatched(Secret secret, List<String> unwatched) {
        String name = secret.getMetadata().getName();
        if (!ReferencedSecrets.watched(secret) && !unwatched.contains(name)) {
            unwatched.add(name);
        }
    }

    private Secret read(String namespace, String name) {
        try {
            return client.secrets().inNamespace(namespace).withName(name).get();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 403) {
                throw new SecretForbidden(name);
            }
            throw e;
        }
    }

    /** The operator's service account may not read a Secret: a spec problem, not a reason to retry fast. */
    private static final class SecretForbidden extends RuntimeException {
        private final String name;

        SecretForbidden(String name) {
            super(name, null, false, false);
            this.name = name;
        }
    }

    private static String version(Secret secret) {
        return secret.getMetadata().getName() + "@" + secret.getMetadata().getResourceVersion();
    }

    private static byte[] value(Secret secret, String key) {
        Map<String, String> data = secret.getData();
        if (data != null && data.get(key) != null) {
            return Base64.getDecoder().decode(data.get(key));
        }
        Map<String, String> stringData = secret.getStringData();
        if (stringData != null && stringData.get(key) != null) {
            return stringData.get(key).getBytes(StandardCharsets.UTF_8);
        }
        return null;
    }

    private static List<HostPort> seeds(RedisSpec redis) {
        if (!redis.nodes().isEmpty()) {
            return redis.nodes().stream()
                    .map(node -> {
                        int colon = node.lastIndexOf(':');
                        return new HostPort(node.substring(0, colon), Integer.parseInt(node.substring(colon + 1)));
                    })
                    .toList();
        }
        if (redis.url() != null) {
            URI uri = URI.create(redis.url());
            return List.of(new HostPort(uri.getHost(), uri.getPort() > 0 ? uri.getPort() : redis.port()));
        }
        return List.of(new HostPort(redis.host(), redis.port()));
    }

    private static int database(RedisSpec redis) {
        if (redis.url() == null) {
            return 0;
        }
        String path = URI.create(redis.url()).getPath();
        if (path == null || path.length() <= 1) {
            return 0;
        }
        try {
            return Integer.parseInt(path.substring(1));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Rejected notFound(String namespace, String name, String field) {
        return new Rejected(new SpecProblem(
                SECRET_NOT_FOUND,
                "Secret '" + name + "' (" + field + ") does not exist in namespace '" + namespace + "'"));
    }

    private static Rejected keyMissing(String secret, String key, String field) {
        return new Rejected(new SpecProblem(
                SECRET_KEY_MISSING, "Secret '" + secret + "' has no key '" + key + "' (" + field + ")"));
    }
}
