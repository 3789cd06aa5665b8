package org.socketiooperator.operator.dependents;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.testing.Manifests;

/** The node pod template: the operator's defaults, and what a platform team adds through spec.pod. */
class NodeStatefulSetTest {

    @Test
    void defaultsRequestsAStartupProbeAndASpreadOverZonesThenHosts() {
        PodSpec pod = pod(Manifests.MINIMAL_SPEC);
        Container node = pod.getContainers().get(0);
        assertThat(node.getResources().getRequests())
                .containsEntry("cpu", new Quantity("100m"))
                .containsEntry("memory", new Quantity("256Mi"));
        assertThat(node.getResources().getLimits()).isNullOrEmpty();
        assertThat(node.getStartupProbe().getHttpGet().getPath()).isEqualTo("/healthz");
        assertThat(node.getStartupProbe().getPeriodSeconds()).isEqualTo(1);
        assertThat(node.getStartupProbe().getFailureThreshold()).isEqualTo(60);
        assertThat(pod.getTopologySpreadConstraints())
                .extracting(c -> c.getTopologyKey())
                .containsExactly("topology.kubernetes.io/zone", "kubernetes.io/hostname");
        assertThat(pod.getTopologySpreadConstraints()).allSatisfy(c -> {
            assertThat(c.getWhenUnsatisfiable()).isEqualTo("ScheduleAnyway");
            assertThat(c.getMaxSkew()).isEqualTo(1);
            assertThat(c.getLabelSelector().getMatchLabels())
                    .containsEntry(NodeGeneration.WIRE_LABEL, "abcd1234")
                    .containsEntry(ClusterNames.INSTANCE_LABEL, "chat");
        });
        assertThat(pod.getInitContainers()).isNullOrEmpty();
        assertThat(pod.getImagePullSecrets()).isNullOrEmpty();
    }

    @Test
    void theUsersKnobsReachThePod() {
        PodSpec pod = pod(Manifests.MINIMAL_SPEC + """
        resources: {limits: {memory: 1Gi}}
        pod:
          imagePullSecrets: [{name: registry}]
          volumes: [{name: plugins, configMap: {name: plugin-jars}}]
          volumeMounts: [{name: plugins, mountPath: /opt/plugins, readOnly: true}]
          sidecars: [{name: shipper, image: example.org/shipper:1}]
          startupProbe: {tcpSocket: {port: 3000}, failureThreshold: 5}
          topologySpreadConstraints: [{maxSkew: 2, topologyKey: zone, whenUnsatisfiable: DoNotSchedule}]
        """);
        Container node = pod.getContainers().get(0);
        // Limits given: no requests added (Kubernetes takes the limits as requests).
        assertThat(node.getResources().getRequests()).isNullOrEmpty();
        assertThat(node.getResources().getLimits()).containsEntry("memory", new Quantity("1Gi"));
        assertThat(pod.getImagePullSecrets()).extracting(r -> r.getName()).containsExactly("registry");
        assertThat(pod.getVolumes()).extracting(v -> v.getName()).containsExactly("tmp", "pod-info", "plugins");
        assertThat(node.getVolumeMounts())
                .extracting(m -> m.getMountPath())
                .containsExactly("/tmp", "/etc/socketio/pod", "/opt/plugins");
        assertThat(pod.getInitContainers()).singleElement().satisfies(sidecar -> {
            assertThat(sidecar.getName()).isEqualTo("shipper");
            assertThat(sidecar.getRestartPolicy()).as("a Kubernetes sidecar").isEqualTo("Always");
        });
        assertThat(node.getStartupProbe().getTcpSocket().getPort().getIntVal()).isEqualTo(3000);
        assertThat(pod.getTopologySpreadConstraints())
                .singleElement()
                .satisfies(c -> assertThat(c.getTopologyKey()).isEqualTo("zone"));
    }

    private static PodSpec pod(String specYaml) {
        SocketIoCluster cluster = Manifests.cluster("chat", "ns", specYaml);
        DesiredInputs inputs = new DesiredInputs(cluster, "node:1", new TreeMap<>(), "");
        return new NodeStatefulSet(new NodeGeneration("chat", "abcd1234", true))
                .desired(inputs)
                .orElseThrow()
                .getSpec()
                .getTemplate()
                .getSpec();
    }
}
