package org.socketiooperator.operator.dependents;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.socketiooperator.operator.model.SocketIoCluster;
import org.socketiooperator.operator.testing.Manifests;

/** The client Service's session affinity follows the user's choice; ClientIP stays the default. */
class ClientServiceTest {

    @Test
    void clientIpAffinityByDefaultWithItsTimeout() {
        Service service = desired(Manifests.MINIMAL_SPEC);
        assertThat(service.getSpec().getSessionAffinity()).isEqualTo("ClientIP");
        assertThat(service.getSpec().getSessionAffinityConfig().getClientIP().getTimeoutSeconds())
                .isEqualTo(10800);
    }

    @Test
    void noneLeavesTheServiceUnstickyAndWithoutAnAffinityConfig() {
        Service service = desired(Manifests.MINIMAL_SPEC + """
        service:
          sessionAffinity: None
        """);
        assertThat(service.getSpec().getSessionAffinity()).isEqualTo("None");
        assertThat(service.getSpec().getSessionAffinityConfig()).isNull();
    }

    private static Service desired(String specYaml) {
        SocketIoCluster cluster = Manifests.cluster("chat", "ns", specYaml);
        DesiredInputs inputs = new DesiredInputs(cluster, "node:1", new TreeMap<>(), "");
        return new ClientService(Map.of("app", "chat")).desired(inputs).orElseThrow();
    }
}
