package org.socketiooperator.nettysocketio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.memory.InMemoryAdapter;
import org.socketiooperator.protocol.sharded.SubscriptionMode;

class ClusterStoreFactoryTest {

    @Test
    void shardedModeIsRefusedBeforeAnyConnection() {
        assertThatThrownBy(() -> ClusterStoreFactory.create(AdapterConfig.sharded(
                        RedisEndpoint.standalone("redis://127.0.0.1:1"), SubscriptionMode.DYNAMIC)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("classic");
    }

    @Test
    void theClusterApiNeedsAStartedServer() {
        ClusterStoreFactory factory = ClusterStoreFactory.using(new InMemoryAdapter());
        assertThatThrownBy(() -> factory.of("/"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not started");
        // listeners can be registered before
        assertThat(factory.onServerSideEmit("/", "e", (args, ack) -> {})).isSameAs(factory);
    }

    @Test
    void sessionStoresAreInMemoryAndNullMeansRemove() {
        var store = ClusterStoreFactory.using(new InMemoryAdapter()).createStore(UUID.randomUUID());
        store.set("k", "v");
        assertThat(store.has("k")).isTrue();
        assertThat((String) store.get("k")).isEqualTo("v");
        store.set("k", null);
        assertThat(store.has("k")).isFalse();
    }

    @Test
    void namespaceNamesAndSocketIds() {
        assertThat(BridgedNamespace.clusterName("")).isEqualTo("/");
        assertThat(BridgedNamespace.clusterName("/chat")).isEqualTo("/chat");
        UUID id = UUID.randomUUID();
        assertThat(BridgedNamespace.uuid(id.toString())).isEqualTo(id);
        assertThat(BridgedNamespace.uuid("AbCdEfGhIjKlMnOpQrSt")).isNull();
        assertThat(BridgedNamespace.uuid("not-a-uuid-but-36-characters-long!!!"))
                .isNull();
    }
}
