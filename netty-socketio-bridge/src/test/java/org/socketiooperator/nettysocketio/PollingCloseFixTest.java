package org.socketiooperator.nettysocketio;

import static org.assertj.core.api.Assertions.assertThat;

import com.corundumstudio.socketio.Configuration;
import com.corundumstudio.socketio.SocketIOChannelInitializer;
import com.corundumstudio.socketio.SocketIOClient;
import com.corundumstudio.socketio.namespace.Namespace;
import com.corundumstudio.socketio.namespace.NamespacesHub;
import com.corundumstudio.socketio.protocol.JacksonJsonSupport;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelId;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * A long-polling client whose next GET arrives while netty-socketio is unbinding the previous, answered
 * one (the interleaving that stalled {@code x-poll} in {@code NettySocketIoClusterIT}). The GET is
 * delivered at the exact point where {@code ClientHead.releasePollingChannel} has checked that the closed
 * channel is still the session's and has not yet cleared it; real channels on real event-loop threads
 * meet there rarely, under load.
 */
class PollingCloseFixTest {

    private static final Pattern SID = Pattern.compile("\"sid\":\"([^\"]+)\"");

    @Test
    void aGetArrivingWhileThePreviousIsUnboundStillGetsTheNextPackets() {
        Exchange exchange = new Exchange(new NettySocketIoFixes());
        assertThat(exchange.secondGetBody()).contains("42[\"second\"]");
    }

    /** netty-socketio 2.0.14 as it is; when this fails, the library fixed the race and the repair can go. */
    @Test
    void withoutTheRepairNettySocketIoLosesThatGet() {
        Exchange exchange = new Exchange(new SocketIOChannelInitializer());
        assertThat(exchange.secondGetBody()).isEmpty();
        assertThat(exchange.racedAtRelease)
                .as("the GET arrived inside releasePollingChannel")
                .isTrue();
    }

    /** One session over embedded channels: the handshake, a GET answered with "first", the next GET, "second". */
    private static final class Exchange {
        private final SocketIOChannelInitializer pipeline;
        private final NamespacesHub namespaces;
        private boolean racedAtRelease;

        Exchange(SocketIOChannelInitializer pipeline) {
            Configuration config = new Configuration();
            config.setJsonSupport(new JacksonJsonSupport());
            this.namespaces = new NamespacesHub(config);
            namespaces.create(Namespace.DEFAULT_NAME);
            this.pipeline = pipeline;
            pipeline.start(config, namespaces);
        }

        String secondGetBody() {
            EmbeddedChannel handshake = new HttpChannel(new RaceAtRelease(), pipeline);
            Matcher sid = SID.matcher(get(handshake, null));
            assertThat(sid.find()).isTrue();
            String session = sid.group(1);
            SocketIOClient client = namespaces.get(Namespace.DEFAULT_NAME).getClient(UUID.fromString(session));

            RaceAtRelease firstId = new RaceAtRelease();
            EmbeddedChannel first = new HttpChannel(firstId, pipeline);
            assertThat(get(first, session))
                    .as("nothing to send yet: the GET waits")
                    .isEmpty();
            EmbeddedChannel second = new HttpChannel(new RaceAtRelease(), pipeline);
            firstId.atRelease = () -> {
                racedAtRelease = true;
                get(second, session);
            };

            client.sendEvent("first"); // answers the first GET, which then closes
            assertThat(drain(first)).contains("42[\"first\"]");
            first.runPendingTasks();
            if (!racedAtRelease) {
                firstId.atRelease = null;
                get(second, session); // no unbinding happened: the GET arrives right after the close
            }
            client.sendEvent("second");
            second.runPendingTasks();
            return drain(second);
        }

        private static String get(EmbeddedChannel channel, String sid) {
            String query = "EIO=4&transport=polling" + (sid == null ? "" : "&sid=" + sid);
            channel.writeInbound(Unpooled.copiedBuffer(
                    "GET /socket.io/?" + query + " HTTP/1.1\r\nHost: localhost\r\n\r\n", StandardCharsets.US_ASCII));
            channel.runPendingTasks();
            return drain(channel);
        }

        /** The body bytes the channel has written so far (headers dropped). */
        private static String drain(EmbeddedChannel channel) {
            StringBuilder out = new StringBuilder();
            for (Object o; (o = channel.readOutbound()) != null; ) {
                if (o instanceof ByteBuf buf) {
                    out.append(buf.toString(StandardCharsets.UTF_8));
                    buf.release();
                }
            }
            int body = out.indexOf("\r\n\r\n");
            return body < 0 ? out.toString() : out.substring(body + 4);
        }
    }

    /** An embedded channel with the socket addresses netty-socketio's handshake expects. */
    private static final class HttpChannel extends EmbeddedChannel {
        HttpChannel(ChannelId id, ChannelHandler handler) {
            super(id, handler);
        }

        @Override
        protected SocketAddress localAddress0() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 3000);
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 40000);
        }
    }

    /**
     * A channel id that runs {@code atRelease} once, when netty-socketio's {@code releasePollingChannel}
     * hashes the channel: after its check that the channel is still bound, before it clears the binding.
     */
    private static final class RaceAtRelease implements ChannelId {
        private final ChannelId id = new EmbeddedChannel().id();
        volatile Runnable atRelease;

        @Override
        public int hashCode() {
            Runnable run = atRelease;
            if (run != null
                    && StackWalker.getInstance()
                            .walk(frames ->
                                    frames.anyMatch(f -> f.getMethodName().equals("releasePollingChannel")))) {
                atRelease = null;
                run.run();
            }
            return id.hashCode();
        }

        @Override
        public boolean equals(Object o) {
            return o == this;
        }

        @Override
        public String asShortText() {
            return id.asShortText() + "-race";
        }

        @Override
        public String asLongText() {
            return id.asLongText() + "-race";
        }

        @Override
        public int compareTo(ChannelId o) {
            return asLongText().compareTo(o.asLongText());
        }
    }
}
