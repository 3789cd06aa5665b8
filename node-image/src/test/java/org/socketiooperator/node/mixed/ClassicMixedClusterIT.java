package org.socketiooperator.node.mixed;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.testsupport.SharedRedis;

/** The mixed cluster on the classic adapters (createAdapter), plus the official emitter. */
class ClassicMixedClusterIT extends MixedClusterContract {

    @Override
    AdapterConfig javaAdapter(String key) {
        return AdapterConfig.classic(RedisEndpoint.standalone(SharedRedis.uri()))
                .withKey(key);
    }

    @Override
    String[] peerMode() {
        return new String[] {"classic", "dynamic"};
    }

    /** Issue 3, bug B: a long-polling member of a room on a Java node must get the emitter's to(room). */
    @Test
    void officialEmitterReachesRoomMembersOnBothNodesOverEveryTransport() {
        join("j-poll", "emitted");
        join("j-ws", "emitted");
        join("j-up", "emitted");
        join("n-poll", "emitted");
        peer.call(
                "emitterEmit",
                Map.of(
                        "rooms",
                        List.of("emitted"),
                        "event",
                        "from-emitter",
                        "args",
                        List.of("e", Map.of("binary", List.of(1, 2)))));
        for (String client : List.of("j-poll", "j-ws", "j-up", "n-poll")) {
            assertThat(args(peer.awaitEvent(client, "from-emitter"))).isEqualTo("[\"e\",{\"binary\":[1,2]}]");
        }
        peer.call(
                "emitterEmit",
                Map.of("rooms", List.of("emitted"), "except", List.of(sids.get("j-poll")), "event", "emitter-except"));
        peer.awaitEvent("j-ws", "emitter-except");
        assertNothing(List.of("j-poll", "n-ws"), "emitter-except");
    }
}
