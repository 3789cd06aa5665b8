package org.socketiooperator.server.engine.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Writes of one loop iteration leave in one flush per connection, after the iteration, and nothing stays behind. */
class IterationFlusherTest {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger flushes = new AtomicInteger();
    private Channel server;
    private Channel client;

    @BeforeEach
    void connect() throws InterruptedException {
        LocalAddress address = new LocalAddress("iteration-flusher-" + System.nanoTime());
        server = new ServerBootstrap()
                .group(group)
                .channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ByteBuf buf = (ByteBuf) msg;
                                received.add(buf.toString(StandardCharsets.UTF_8));
                                buf.release();
                            }
                        });
                    }
                })
                .bind(address)
                .sync()
                .channel();
        client = new Bootstrap()
                .group(group)
                .channel(LocalChannel.class)
                .handler(new ChannelOutboundHandlerAdapter() {
                    @Override
                    public void flush(ChannelHandlerContext ctx) {
                        flushes.incrementAndGet();
                        ctx.flush();
                    }
                })
                .connect(address)
                .sync()
                .channel();
    }

    @AfterEach
    void close() {
        client.close().syncUninterruptibly();
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void threeWritesInOneIterationLeaveInOneFlushAfterIt() throws Exception {
        IterationFlusher.Pending pending = new IterationFlusher.Pending(client);
        int flushesInTheTask = client.eventLoop()
                .submit(() -> {
                    for (String text : List.of("a", "b", "c")) {
                        client.write(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
                        IterationFlusher.flushLater(pending);
                    }
                    return flushes.get();
                })
                .get(5, TimeUnit.SECONDS);

        assertThat(flushesInTheTask)
                .as("nothing is flushed inside the iteration")
                .isZero();
        await().atMost(Duration.ofSeconds(5))
                .until(() -> String.join("", received).equals("abc"));
        assertThat(flushes).hasValue(1);
    }

    @Test
    void aConnectionWrittenInTwoIterationsIsFlushedInEach() throws Exception {
        IterationFlusher.Pending pending = new IterationFlusher.Pending(client);
        for (String text : List.of("first", "second")) {
            client.eventLoop()
                    .submit(() -> {
                        client.write(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
                        IterationFlusher.flushLater(pending);
                    })
                    .get(5, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(5)).until(() -> received.contains(text));
        }
        assertThat(flushes).hasValue(2);
    }

    @Test
    void offItsLoopTheConnectionIsFlushedAtOnce() {
        client.write(Unpooled.copiedBuffer("now", StandardCharsets.UTF_8));
        IterationFlusher.flushLater(new IterationFlusher.Pending(client));

        await().atMost(Duration.ofSeconds(5)).until(() -> received.contains("now"));
        assertThat(flushes).hasValue(1);
    }

    @Test
    void aLoopWithoutIterationHooksFlushesAtOnce() {
        EmbeddedChannel embedded = new EmbeddedChannel();
        embedded.write(Unpooled.copiedBuffer("x", StandardCharsets.UTF_8));

        IterationFlusher.flushLater(new IterationFlusher.Pending(embedded));

        ByteBuf out = embedded.readOutbound();
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("x");
        out.release();
        embedded.finishAndReleaseAll();
    }
}
