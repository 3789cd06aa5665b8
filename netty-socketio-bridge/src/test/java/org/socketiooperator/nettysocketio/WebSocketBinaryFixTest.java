package org.socketiooperator.nettysocketio;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import org.junit.jupiter.api.Test;

class WebSocketBinaryFixTest {

    private static EmbeddedChannel channel(String uri) {
        EmbeddedChannel channel = new EmbeddedChannel(
                new WebSocketBinaryFix.VersionSniffer(), new WebSocketBinaryFix.AttachmentPrefixRemover());
        channel.writeInbound(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri));
        Object request = channel.readInbound();
        assertThat(request).as("the request goes on to netty-socketio").isNotNull();
        return channel;
    }

    private static byte[] sent(EmbeddedChannel channel, Object frame) {
        channel.writeOutbound(frame);
        Object out = channel.readOutbound();
        ByteBuf content = out instanceof BinaryWebSocketFrame b ? b.content() : ((TextWebSocketFrame) out).content();
        byte[] bytes = ByteBufUtil.getBytes(content);
        content.release();
        return bytes;
    }

    @Test
    void engineIoV4BinaryFramesLoseTheV3Prefix() {
        EmbeddedChannel channel = channel("/socket.io/?EIO=4&transport=websocket");
        assertThat(sent(channel, new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {4, 1, 2}))))
                .containsExactly(1, 2);
        // text frames and the rest of the traffic are untouched
        assertThat(sent(channel, new TextWebSocketFrame("42[\"x\"]"))).containsExactly("42[\"x\"]".getBytes());
    }

    @Test
    void engineIoV3ClientsKeepIt() {
        EmbeddedChannel channel = channel("/socket.io/?EIO=3&transport=websocket");
        assertThat(sent(channel, new BinaryWebSocketFrame(Unpooled.wrappedBuffer(new byte[] {4, 1, 2}))))
                .containsExactly(4, 1, 2);
    }
}
