package org.socketiooperator.operator.testing;

import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.socketiooperator.operator.model.SocketIoCluster;

/** SocketIoCluster manifests for tests, written as YAML like a user would. */
public final class Manifests {
    public static final String MINIMAL_SPEC = """
      redis:
        host: redis.example
      """;

    /** Every section set; the Secrets redis-credentials and redis-ca must exist for it to be accepted. */
    public static final String FULL_SPEC = """
      replicas: 3
      image: example.org/node:9
      imagePullPolicy: Always
      resources:
        requests: {cpu: 250m, memory: 256Mi}
        limits: {memory: 512Mi}
      pod:
        labels: {team: chat}
        annotations: {prometheus.io/scrape: "true"}
        env:
          - {name: JAVA_TOOL_OPTIONS, value: "-XX:MaxRAMPercentage=70"}
          - {name: SIO_REDIS_PASSWORD, value: "must-not-win"}
        priorityClassName: realtime
        serviceAccountName: chat-nodes
        nodeSelector: {pool: realtime}
        tolerations:
          - {key: dedicated, operator: Equal, value: realtime, effect: NoSchedule}
        topologySpreadConstraints:
          - maxSkew: 1
            topologyKey: topology.kubernetes.io/zone
            whenUnsatisfiable: ScheduleAnyway
            labelSelector:
              matchLabels: {app.kubernetes.io/instance: chat}
      redis:
        url: rediss://redis.example:6380/0
        auth: {secretName: redis-credentials, usernameKey: username}
        tls:
          enabled: true
          caSecret: {name: redis-ca}
      adapter:
        mode: sharded
        channelPrefix: chat-app
        subscriptionMode: dynamic-private
        requestsTimeout: 3000
        parser: json
      server:
        path: /realtime
        transports: [websocket, polling]
        pingInterval: 20000
        pingTimeout: 15000
        maxHttpBufferSize: 2000000
        cors:
          origins: ["https://chat.example.org"]
          credentials: true
        perMessageDeflate: {enabled: true, threshold: 2048}
        maxBufferedBytes: 8388608
        maxAttachments: 20
        connectionStateRecovery: {enabled: true, maxDisconnectionDuration: 60000, skipMiddlewares: false,
          maxPackets: 5000, maxSessions: 2000}
      service:
        type: LoadBalancer
        port: 443
        annotations: {service.beta.kubernetes.io/aws-load-balancer-type: nlb}
        sessionAffinityTimeoutSeconds: 3600
      ingress:
        enabled: true
        host: chat.example.org
        className: nginx
        tlsSecretName: chat-tls
        annotations:
          nginx.ingress.kubernetes.io/proxy-read-timeout: "7200"
          nginx.ingress.kubernetes.io/affinity-mode: ""
      podDisruptionBudget: {maxUnavailable: 2}
      shutdown: {drainPeriodSeconds: 20, terminationGracePeriodSeconds: 40}
      gateway: {maxRoomsPerSocket: 50}
      rebalance: {enabled: true, maxDisconnectsPerSecond: 5, tolerancePercent: 10, intervalSeconds: 20}
      """;

    private Manifests() {}

    public static SocketIoCluster cluster(String name, String namespace, String specYaml) {
        String yaml = "apiVersion: socketiooperator.org/v1alpha1\nkind: SocketIoCluster\nmetadata:\n  name: " + name
                + "\n  namespace: " + namespace + "\nspec:\n" + specYaml.indent(2);
        return Serialization.unmarshal(yaml, SocketIoCluster.class);
    }

    public static String read(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
