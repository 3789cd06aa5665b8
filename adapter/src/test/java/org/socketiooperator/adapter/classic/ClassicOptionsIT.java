package org.socketiooperator.adapter.classic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.testing.Trio;
import org.socketiooperator.protocol.codec.PayloadFormat;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.testsupport.RedisCluster;
import org.socketiooperator.testsupport.RedisServer;
import org.socketiooperator.testsupport.SharedRedis;

/** The parser option (checklist 34) and logging in with a password or an ACL user. */
class ClassicOptionsIT {

    @Test
    void g34_jsonParserOnEveryNodeDeliversIdenticalValues() {
        AdapterConfig config = AdapterConfig.classic(RedisEndpoint.standalone(SharedRedis.uri()))
                .withKey("it-json-" + UUID.randomUUID().toString().substring(0, 8))
                .withParser(PayloadFormat.JSON);
        try (ClassicAdapter a = ClassicAdapter.create(config);
                ClassicAdapter b = ClassicAdapter.create(config);
                ClassicAdapter c = ClassicAdapter.create(config);
                var trio = new Trio<>(List.of(a, b, c), "/")) {
            trio.node(1).cluster().broadcast(EventPacket.of("/", "json", 1L, "2", List.of(3L)), BroadcastOptions.ALL);
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> trio.nodes.stream().allMatch(n -> n.socket().count("json") == 1));
            assertThat(trio.socket(3).argsOf("json")).containsExactly(1L, "2", List.of(3L));
            assertThat(a.metrics().malformedDropped() + b.metrics().malformedDropped())
                    .isZero();
        }
    }

    @Test
    void passwordAndAclUserBothLogIn() {
        try (RedisServer redis = RedisServer.startOnFreePort("--requirepass", "s3cret")) {
            RedisCluster.cli(
                    redis.port(),
                    "--no-auth-warning",
                    "-a",
                    "s3cret",
                    "ACL",
                    "SETUSER",
                    "alice",
                    "on",
                    ">alice-pw",
                    "~*",
                    "&*",
                    "+@all");
            RedisEndpoint base = RedisEndpoint.standalone(redis.uri());
            AdapterConfig withPassword = AdapterConfig.classic(base.withCredentials(null, "s3cret"));
            AdapterConfig withUser = AdapterConfig.classic(base.withCredentials("alice", "alice-pw"));
            try (ClassicAdapter a = ClassicAdapter.create(withPassword);
                    ClassicAdapter b = ClassicAdapter.create(withUser);
                    var trio = new Trio<>(List.of(a, b), "/")) {
                trio.flushFrom(1);
                trio.flushFrom(2);
                assertThat(a.health().connected()).isTrue();
            }
            assertThatThrownBy(
                            () -> ClassicAdapter.create(AdapterConfig.classic(base.withCredentials("alice", "wrong"))))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot connect to Redis")
                    .message()
                    .doesNotContain("wrong");
        }
    }
}
