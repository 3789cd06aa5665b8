package org.socketiooperator.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.lettuce.core.RedisCommandExecutionException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The bytes a {@link RespCommand} puts on the wire and how it settles (tested here: redis-client has no tests). */
class RespCommandTest {

    /** Completes with Redis's integer reply; counts its settlements. */
    private static final class Counted extends RespCommand<Long> {
        final AtomicInteger settlements = new AtomicInteger();

        Counted(boolean sharded, String channel, byte[] payload) {
            super(sharded, channel, payload);
        }

        Counted(String stream, long maxLen, List<String> fields) {
            super(stream, maxLen, fields);
        }

        @Override
        protected Long result(Long reply) {
            return reply;
        }

        @Override
        protected void onSettled() {
            settlements.incrementAndGet();
        }
    }

    private static String wire(RespCommand<?> command) {
        ByteBuf buf = Unpooled.buffer();
        command.encode(buf);
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void publishAndSpublishAreArraysOfBulkStrings() {
        byte[] payload = "h\u00e9llo".getBytes(StandardCharsets.UTF_8); // 6 bytes
        assertThat(wire(new Counted(false, "sio#/#", payload)))
                .isEqualTo("*3\r\n$7\r\nPUBLISH\r\n$6\r\nsio#/#\r\n$6\r\nh\u00e9llo\r\n");
        assertThat(wire(new Counted(true, "r\u00e9", new byte[0])))
                .isEqualTo("*3\r\n$8\r\nSPUBLISH\r\n$3\r\nr\u00e9\r\n$0\r\n\r\n");
        String long1234 = "x".repeat(1234);
        assertThat(wire(new Counted(false, "c", long1234.getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("*3\r\n$7\r\nPUBLISH\r\n$1\r\nc\r\n$1234\r\n" + long1234 + "\r\n");
    }

    @Test
    void xaddTrimsApproximatelyAndLetsRedisChooseTheId() {
        assertThat(wire(new Counted("s", 10_000, List.of("uid", "u1", "data", "d"))))
                .isEqualTo("*10\r\n$4\r\nXADD\r\n$1\r\ns\r\n$6\r\nMAXLEN\r\n$1\r\n~\r\n$5\r\n10000\r\n$1\r\n*\r\n"
                        + "$3\r\nuid\r\n$2\r\nu1\r\n$4\r\ndata\r\n$1\r\nd\r\n");
    }

    @Test
    void theKeyIsTheOnlyArgumentForRouting() {
        Counted command = new Counted(true, "sio:{room}", new byte[] {1});
        assertThat(command.getArgs().getFirstEncodedKey())
                .isEqualTo(ByteBuffer.wrap("sio:{room}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void settlesOnceWithTheReply() throws Exception {
        Counted command = new Counted(false, "c", new byte[] {1});
        command.getOutput().set(3L);
        command.complete();
        command.completeExceptionally(new IllegalStateException("late"));
        command.cancel();
        assertThat(command.get()).isEqualTo(3L);
        assertThat(command.settlements).hasValue(1);
        assertThat(command.settled()).isTrue();
    }

    @Test
    void anErrorReplyFailsIt() {
        Counted command = new Counted(false, "c", new byte[] {1});
        command.getOutput().setError("ERR wrong");
        command.complete();
        assertThatThrownBy(command::get)
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(RedisCommandExecutionException.class)
                .hasMessageContaining("ERR wrong");
        assertThat(command.settlements).hasValue(1);
    }

    @Test
    void theOwnerCanGiveUpOnceAndTheReplyThenChangesNothing() {
        Counted command = new Counted(false, "c", new byte[] {1});
        assertThat(command.fail(new IllegalStateException("deadline"))).isTrue();
        assertThat(command.fail(new IllegalStateException("again"))).isFalse();
        command.getOutput().set(1L);
        command.complete();
        assertThat(command).isCompletedExceptionally();
        assertThat(command.settlements).hasValue(1);
    }
}
