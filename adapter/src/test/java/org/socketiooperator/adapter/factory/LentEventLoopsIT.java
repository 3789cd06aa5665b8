package org.socketiooperator.adapter.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.lettuce.core.resource.Transports;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.AdapterMode;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.testing.Trio;
import org.socketiooperator.protocol.model.BroadcastOptions;
import org.socketiooperator.protocol.model.EventPacket;
import org.socketiooperator.protocol.sharded.SubscriptionMode;
import org.socketiooperator.redis.LentEventLoops;
import org.socketiooperator.testsupport.SharedRedis;

/**
 * A host's event loops lent to the Pub/Sub modes: a broadcast from another node reaches the local namespace on
 * one of those loops (the node then writes to its sockets without a hand-off), and when Lettuce would open a
 * channel type the loops do not serve, it keeps loops of its own and nothing is lost.
 */
class LentEventLoopsIT {

    private final EventLoopGroup group =
            new MultiThreadIoEventLoopGroup(2, new DefaultThreadFactory("host-loop"), NioIoHandler.newFactory());

    @AfterEach
    void stopLoops() {
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @ParameterizedTest
    @EnumSource(
            value = AdapterMode.class,
            names = {"CLASSIC", "SHARDED"})
    void broadcastsFromRedisArriveOnTheLentLoops(AdapterMode mode) {
        // this module has no native transport, so Lettuce opens NIO channels (the node has epoll on both sides)
        assertThat(Transports.socketChannelClass()).isEqualTo(NioSocketChannel.class);
        LentEventLoops lent = new LentEventLoops(group, NioSocketChannel.class);
        assertThat(threadsThatDelivered(mode, lent)).isNotEmpty().allMatch(name -> name.startsWith("host-loop"));
    }

    @ParameterizedTest
    @EnumSource(
            value = AdapterMode.class,
            names = {"CLASSIC", "SHARDED"})
    void loopsOfAnotherChannelTypeAreNotUsed(AdapterMode mode) {
        Class<? extends Channel> otherType = EmbeddedChannel.class;
        LentEventLoops lent = new LentEventLoops(group, otherType);
        assertThat(threadsThatDelivered(mode, lent)).isNotEmpty().noneMatch(name -> name.startsWith("host-loop"));
    }

    /** Node 1 on the lent loops, nodes 2 and 3 on Lettuce's; node 2 broadcasts five times. */
    private static List<String> threadsThatDelivered(AdapterMode mode, LentEventLoops lent) {
        RedisEndpoint redis = RedisEndpoint.standalone(SharedRedis.uri());
        AdapterConfig config = (mode == AdapterMode.CLASSIC
                        ? AdapterConfig.classic(redis)
                        : AdapterConfig.sharded(redis, SubscriptionMode.DYNAMIC))
                .withKey("it-lent-" + UUID.randomUUID().toString().substring(0, 8));
        try (Adapter host = Adapters.create(config, lent);
                Adapter b = Adapters.create(config);
                Adapter c = Adapters.create(config);
                var trio = new Trio<>(List.of(host, b, c), "/")) {
            for (int i = 0; i < 5; i++) {
                trio.node(2).cluster().broadcast(EventPacket.of("/", "tick", (long) i), BroadcastOptions.ALL);
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> trio.socket(1).count("tick") == 5);
            return List.copyOf(trio.node(1).local().broadcastThreads());
        }
    }
}
