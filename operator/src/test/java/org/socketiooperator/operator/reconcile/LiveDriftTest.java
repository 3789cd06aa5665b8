package org.socketiooperator.operator.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class LiveDriftTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static boolean covers(String actual, String wanted) throws Exception {
        JsonNode a = JSON.readTree(actual);
        JsonNode w = JSON.readTree(wanted);
        return LiveDrift.covers(a, w);
    }

    @Test
    void fieldsAddedByTheServerAreNotDrift() throws Exception {
        assertThat(covers(
                        "{\"spec\":{\"replicas\":2,\"revisionHistoryLimit\":10,\"clusterIP\":\"10.0.0.1\"},"
                                + "\"status\":{\"replicas\":2}}",
                        "{\"spec\":{\"replicas\":2}}"))
                .isTrue();
        assertThat(covers("{\"ports\":[{\"port\":80,\"protocol\":\"TCP\"}]}", "{\"ports\":[{\"port\":80}]}"))
                .isTrue();
        assertThat(covers("{\"a\":1}", "{\"finalizers\":[],\"labels\":{},\"b\":null,\"a\":1}"))
                .isTrue();
    }

    @Test
    void aChangedOrRemovedOwnedFieldIsDrift() throws Exception {
        assertThat(covers("{\"spec\":{\"replicas\":7}}", "{\"spec\":{\"replicas\":2}}"))
                .isFalse();
        assertThat(covers("{\"spec\":{}}", "{\"spec\":{\"replicas\":2}}")).isFalse();
        assertThat(covers("{\"env\":[{\"name\":\"A\"}]}", "{\"env\":[{\"name\":\"A\"},{\"name\":\"B\"}]}"))
                .isFalse();
        assertThat(covers("{\"env\":[{\"name\":\"A\"},{\"name\":\"B\"}]}", "{\"env\":[{\"name\":\"A\"}]}"))
                .isFalse();
        assertThat(covers("{\"image\":\"x:1\"}", "{\"image\":\"x:2\"}")).isFalse();
        assertThat(covers("{\"spec\":\"text\"}", "{\"spec\":{\"a\":1}}")).isFalse();
    }

    @Test
    void quantitiesCompareByValueNotSpelling() throws Exception {
        assertThat(covers("{\"cpu\":\"500m\"}", "{\"cpu\":\"0.5\"}")).isTrue();
        assertThat(covers("{\"memory\":\"1Gi\"}", "{\"memory\":\"1024Mi\"}")).isTrue();
        assertThat(covers("{\"memory\":\"1Gi\"}", "{\"memory\":\"1G\"}")).isFalse();
        assertThat(covers("{\"policy\":\"Always\"}", "{\"policy\":\"Never\"}")).isFalse();
    }

    @Test
    void fieldsAnApiServerDropsWhenTheirFeatureIsOffAreNotDrift() {
        var json = new io.fabric8.kubernetes.client.utils.KubernetesSerialization();
        var pdb = new io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder()
                .withNewMetadata()
                .withName("p")
                .endMetadata()
                .withNewSpec()
                .withUnhealthyPodEvictionPolicy("AlwaysAllow")
                .withMaxUnavailable(new io.fabric8.kubernetes.api.model.IntOrString(1))
                .endSpec()
                .build();
        var dropped = new io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder(pdb)
                .editSpec()
                .withUnhealthyPodEvictionPolicy(null)
                .endSpec()
                .build();
        var changed = new io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudgetBuilder(pdb)
                .editSpec()
                .withUnhealthyPodEvictionPolicy("IfHealthyBudget")
                .endSpec()
                .build();
        assertThat(LiveDrift.drifted(pdb, dropped, json)).isFalse();
        assertThat(LiveDrift.drifted(pdb, changed, json)).isTrue();

        var sts = new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder()
                .withNewMetadata()
                .withName("s")
                .endMetadata()
                .withNewSpec()
                .withNewUpdateStrategy()
                .withNewRollingUpdate()
                .withMaxUnavailable(new io.fabric8.kubernetes.api.model.IntOrString("25%"))
                .withPartition(1)
                .endRollingUpdate()
                .endUpdateStrategy()
                .endSpec()
                .build();
        var withoutMaxUnavailable = new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder(sts)
                .editSpec()
                .editUpdateStrategy()
                .editRollingUpdate()
                .withMaxUnavailable(null)
                .endRollingUpdate()
                .endUpdateStrategy()
                .endSpec()
                .build();
        var otherPartition = new io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder(withoutMaxUnavailable)
                .editSpec()
                .editUpdateStrategy()
                .editRollingUpdate()
                .withPartition(0)
                .endRollingUpdate()
                .endUpdateStrategy()
                .endSpec()
                .build();
        assertThat(LiveDrift.drifted(sts, withoutMaxUnavailable, json)).isFalse();
        assertThat(LiveDrift.drifted(sts, otherPartition, json)).isTrue();
    }
}
