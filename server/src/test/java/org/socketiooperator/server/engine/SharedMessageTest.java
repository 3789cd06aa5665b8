package org.socketiooperator.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocket08FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The shared frame is what a client's WebSocket decoder reads as one final text frame with the packet. */
class SharedMessageTest {

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 125, 126, 127, 65_535, 65_536, 200_000})
    void theSharedFrameDecodesAsOneTextFrameWithThePacket(int length) {
        String text = "x".repeat(length);
        SharedMessage message = new SharedMessage(text);
        // a client reads unmasked frames from the server
        EmbeddedChannel client = new EmbeddedChannel(new WebSocket08FrameDecoder(WebSocketDecoderConfig.newBuilder()
                .expectMaskedFrames(false)
                .maxFramePayloadLength(1 << 20)
                .build()));

        client.writeInbound(Unpooled.wrappedBuffer(message.frame()));

        TextWebSocketFrame frame = client.readInbound();
        assertThat(frame.isFinalFragment()).isTrue();
        assertThat(frame.rsv()).isZero();
        assertThat(frame.text()).isEqualTo("4" + text);
        assertThat(frame.content().toString(StandardCharsets.UTF_8)).hasSize(length + 1);
        assertThat((Object) client.readInbound()).isNull();
        frame.release();
        client.finishAndReleaseAll();
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 125, 126, 65_535, 65_536})
    void theFrameIsMadeOnceAndIsTheSameForEveryCaller(int length) {
        SharedMessage message = new SharedMessage("é".repeat(length));
        assertThat(message.frame()).isSameAs(message.frame());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 125, 126, 65_536})
    void theDirectFrameHoldsTheFrameOnceAndSurvivesEveryWritersRelease(int length) {
        SharedMessage message = new SharedMessage("é".repeat(length));
        ByteBuf first = message.directFrame();
        ByteBuf second = message.directFrame();

        // a socket writes it from its address without a copy; every connection shares the same memory
        assertThat(first.isDirect()).isTrue();
        assertThat(first.hasMemoryAddress()).isTrue();
        assertThat(second.memoryAddress()).isEqualTo(first.memoryAddress());
        assertThat(ByteBufUtil.getBytes(first)).isEqualTo(message.frame());

        // the outbound buffer releases what it wrote, and may read a view while another is released
        first.readerIndex(first.writerIndex());
        first.release();
        assertThat(ByteBufUtil.getBytes(second)).isEqualTo(message.frame());
        assertThat(ByteBufUtil.getBytes(message.directFrame())).isEqualTo(message.frame());
    }
}
