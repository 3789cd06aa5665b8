package org.socketiooperator.e2e.local;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment as the kubelet builds it: {@code envFrom} sources in order (ConfigMaps and Secrets,
 * with their prefix), then {@code env} entries in order, later ones winning; {@code valueFrom} of ConfigMap and
 * Secret keys and of the pod's own fields; {@code $(NAME)} references to variables defined before, {@code $$}
 * for a literal {@code $}; plus {@code HOSTNAME}, the pod's name. A missing ConfigMap, Secret or key that is not
 * optional is a {@link ConfigError}, which the kubelet reports as {@code CreateContainerConfigError} and retries.
 * Not here: {@code resourceFieldRef}, service links ({@code <SERVICE>_SERVICE_HOST} and the like).
 */
final class PodEnvironment {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\$|\\$\\(([A-Za-z_][A-Za-z0-9_.-]*)\\)");

    private PodEnvironment() {}

    /** Why a container cannot be started yet. */
    static final class ConfigError extends Exception {
        ConfigError(String message) {
            super(message);
        }
    }

    static Map<String, String> resolve(KubernetesClient client, Pod pod, Container container) throws ConfigError {
        String namespace = pod.getMetadata().getNamespace();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("HOSTNAME", pod.getMetadata().getName());
        if (container.getEnvFrom() != null) {
            for (EnvFromSource source : container.getEnvFrom()) {
                String prefix = source.getPrefix() == null ? "" : source.getPrefix();
                if (source.getConfigMapRef() != null) {
                    ConfigMap map = client.configMaps()
                            .inNamespace(namespace)
                            .withName(source.getConfigMapRef().getName())
                            .get();
                    if (map == null) {
                        if (!Boolean.TRUE.equals(source.getConfigMapRef().getOptional())) {
                            throw new ConfigError(
                                    "configmap \"" + source.getConfigMapRef().getName() + "\" not found");
                        }
                    } else if (map.getData() != null) {
                        map.getData().forEach((key, value) -> env.put(prefix + key, value));
                    }
                }
                if (source.getSecretRef() != null) {
                    Secret secret = client.secrets()
                            .inNamespace(namespace)
                            .withName(source.getSecretRef().getName())
                            .get();
                    if (secret == null) {
                        if (!Boolean.TRUE.equals(source.getSecretRef().getOptional())) {
                            throw new ConfigError(
                                    "secret \"" + source.getSecretRef().getName() + "\" not found");
                        }
                    } else {
                        secretData(secret).forEach((key, value) -> env.put(prefix + key, value));
                    }
                }
            }
        }
        if (container.getEnv() != null) {
            for (EnvVar variable : container.getEnv()) {
                String value = variable.getValueFrom() != null
                        ? valueFrom(client, pod, variable.getName(), variable.getValueFrom())
                        : expand(variable.getValue() == null ? "" : variable.getValue(), env);
                if (value != null) {
                    env.put(variable.getName(), value);
                }
            }
        }
        return env;
    }

    /** The Secret's data decoded; stringData too, which a real API server would have merged into data. */
    private static Map<String, String> secretData(Secret secret) {
        Map<String, String> data = new LinkedHashMap<>();
        if (secret.getData() != null) {
            secret.getData()
                    .forEach((key, value) ->
                            data.put(key, new String(Base64.getDecoder().decode(value), StandardCharsets.UTF_8)));
        }
        if (secret.getStringData() != null) {
            data.putAll(secret.getStringData());
        }
        return data;
    }

    private static String valueFrom(KubernetesClient client, Pod pod, String name, EnvVarSource source)
            throws ConfigError {
        String namespace = pod.getMetadata().getNamespace();
        if (source.getConfigMapKeyRef() != null) {
            var ref = source.getConfigMapKeyRef();
            ConfigMap map = client.configMaps()
                    .inNamespace(namespace)
                    .withName(ref.getName())
                    .get();
            String value =
                    map == null || map.getData() == null ? null : map.getData().get(ref.getKey());
            if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
                throw new ConfigError(
                        map == null
                                ? "configmap \"" + ref.getName() + "\" not found"
                                : "couldn't find key " + ref.getKey() + " in ConfigMap " + namespace + "/"
                                        + ref.getName());
            }
            return value;
        }
        if (source.getSecretKeyRef() != null) {
            var ref = source.getSecretKeyRef();
            Secret secret = client.secrets()
                    .inNamespace(namespace)
                    .withName(ref.getName())
                    .get();
            String value = secret == null ? null : secretData(secret).get(ref.getKey());
            if (value == null && !Boolean.TRUE.equals(ref.getOptional())) {
                throw new ConfigError(
                        secret == null
                                ? "secret \"" + ref.getName() + "\" not found"
                                : "couldn't find key " + ref.getKey() + " in Secret " + namespace + "/"
                                        + ref.getName());
            }
            return value;
        }
        if (source.getFieldRef() != null) {
            return field(pod, source.getFieldRef().getFieldPath());
        }
        throw new ConfigError("env " + name + ": only configMapKeyRef, secretKeyRef and fieldRef are supported here");
    }

    private static String field(Pod pod, String path) throws ConfigError {
        Matcher labelOrAnnotation =
                Pattern.compile("metadata\\.(labels|annotations)\\['(.+)'\\]").matcher(path);
        if (labelOrAnnotation.matches()) {
            Map<String, String> map = "labels".equals(labelOrAnnotation.group(1))
                    ? pod.getMetadata().getLabels()
                    : pod.getMetadata().getAnnotations();
            return map == null ? "" : map.getOrDefault(labelOrAnnotation.group(2), "");
        }
        return switch (path) {
            case "metadata.name" -> pod.getMetadata().getName();
            case "metadata.namespace" -> pod.getMetadata().getNamespace();
            case "metadata.uid" -> pod.getMetadata().getUid();
            case "spec.nodeName" -> Kubelet.NODE_NAME;
            case "spec.serviceAccountName" -> pod.getSpec().getServiceAccountName();
            case "status.podIP", "status.hostIP", "status.podIPs", "status.hostIPs" -> Kubelet.POD_IP;
            default -> throw new ConfigError("unsupported fieldRef " + path);
        };
    }

    /** {@code $(NAME)} of a variable defined before is replaced, an unknown one kept as written; {@code $$} is {@code $}. */
    static String expand(String value, Map<String, String> defined) {
        Matcher matcher = REFERENCE.matcher(value);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            String replacement;
            if (matcher.group(1) == null) {
                replacement = "$";
            } else {
                replacement = defined.getOrDefault(matcher.group(1), matcher.group());
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        matcher.appendTail(out);
        return out.toString();
    }
}
