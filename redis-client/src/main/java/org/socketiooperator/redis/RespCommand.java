package org.socketiooperator.redis;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.output.CommandOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.RedisCommand;
import io.netty.buffer.ByteBuf;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * A write command whose RESP bytes are built once, on the thread that creates it, and which is its own
 * future: handed to Lettuce with {@code connection.dispatch(command)}, it costs the connection's event loop
 * one copy of its bytes when written and one completion when answered, where a command of Lettuce's API
 * encodes its arguments on the event loop and completes a chain of stages.
 *
 * <p>The key (channel or stream) is also given to Lettuce as the command's only argument, so that a cluster
 * connection routes the command by its slot as it routes Lettuce's own {@code PUBLISH} / {@code SPUBLISH} /
 * {@code XADD}. The reply is an integer ({@code PUBLISH}, {@code SPUBLISH}) or a bulk string ({@code XADD});
 * {@link #result} turns it into the future's value. The command settles exactly once, whoever completes
 * it first (Lettuce's reply or failure, or the owner through {@link #fail}); {@link #onSettled} runs then,
 * right after the future completed (its dependent stages ran first, as with any future).
 *
 * @param <T> what the future completes with
 */
public abstract class RespCommand<T> extends CompletableFuture<T> implements RedisCommand<String, byte[], Long> {

    private static final byte[] PUBLISH = bytes("PUBLISH");
    private static final byte[] SPUBLISH = bytes("SPUBLISH");
    private static final byte[] XADD = bytes("XADD");
    private static final byte[] MAXLEN = bytes("MAXLEN");
    private static final byte[] APPROXIMATE = bytes("~");
    private static final byte[] AUTO_ID = bytes("*");

    private static final VarHandle SETTLED;

    static {
        try {
            SETTLED = MethodHandles.lookup().findVarHandle(RespCommand.class, "settled", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final CommandType type;
    private final String key;
    private final byte[] resp;
    private CommandOutput<String, byte[], Long> output = new Reply();
    private CommandArgs<String, byte[]> args;

    @SuppressWarnings("unused") // through SETTLED
    private volatile int settled;

    /** {@code PUBLISH channel payload} (or {@code SPUBLISH} when {@code sharded}). */
    protected RespCommand(boolean sharded, String channel, byte[] payload) {
        this(sharded ? CommandType.SPUBLISH : CommandType.PUBLISH, channel, publishBytes(sharded, channel, payload));
    }

    /** {@code XADD stream MAXLEN ~ maxLen * field value...}; {@code fields} holds the field-value pairs. */
    protected RespCommand(String stream, long maxLen, List<String> fields) {
        this(CommandType.XADD, stream, xaddBytes(stream, maxLen, fields));
    }

    private RespCommand(CommandType type, String key, byte[] resp) {
        this.type = type;
        this.key = key;
        this.resp = resp;
    }

    /**
     * {@code PUBLISH} (or {@code SPUBLISH}) completing with the receivers Redis counted, under Lettuce's
     * command timeout: hand it to {@code connection.dispatch}.
     */
    public static RespCommand<Long> publish(boolean sharded, String channel, byte[] payload) {
        return new RespCommand<>(sharded, channel, payload) {
            @Override
            protected Long result(Long reply) {
                return reply;
            }
        };
    }

    /** The channel or stream. */
    public final String key() {
        return key;
    }

    /** The future's value for Redis's reply: the receivers of a publish, null for XADD. */
    protected abstract T result(Long reply);

    /** What the future fails with for {@code error} (by default {@code error} itself). */
    protected Throwable failure(Throwable error) {
        return error;
    }

    /**
     * Whether the owner fails the command itself when it takes too long (a sweep of its sends): then Lettuce
     * starts no timer for it. False by default: Lettuce's command timeout applies.
     */
    public boolean ownDeadline() {
        return false;
    }

    /**
     * Runs once, when the command settles (answered, failed or given up), after its future completed: whoever
     * learns of the freed room from here (a permit) sees the command's outcome already.
     */
    protected void onSettled() {}

    /** Whether the command has settled. */
    public final boolean settled() {
        return settled != 0;
    }

    /** Fails the command unless it settled already; true if this call settled it. */
    public final boolean fail(Throwable error) {
        if (!SETTLED.compareAndSet(this, 0, 1)) {
            return false;
        }
        super.completeExceptionally(failure(error));
        onSettled();
        return true;
    }

    // ---- RedisCommand, called by Lettuce

    @Override
    public final void complete() {
        String error = output.getError();
        if (error != null) {
            fail(new RedisCommandExecutionException(error));
        } else if (SETTLED.compareAndSet(this, 0, 1)) {
            super.complete(result(output.get()));
            onSettled();
        }
    }

    @Override
    public final boolean completeExceptionally(Throwable error) {
        return fail(error);
    }

    @Override
    public final void cancel() {
        fail(new CancellationException(type + " cancelled by the Redis client"));
    }

    @Override
    public final CommandOutput<String, byte[], Long> getOutput() {
        return output;
    }

    @Override
    public final void setOutput(CommandOutput<String, byte[], Long> output) {
        this.output = output;
    }

    /** The key alone: what a cluster connection routes by; the bytes sent are {@link #encode}'s. */
    @Override
    public final CommandArgs<String, byte[]> getArgs() {
        CommandArgs<String, byte[]> current = args;
        if (current == null) {
            current = new CommandArgs<>(RedisClients.CODEC).addKey(key);
            args = current;
        }
        return current;
    }

    @Override
    public final ProtocolKeyword getType() {
        return type;
    }

    @Override
    public final void encode(ByteBuf buf) {
        buf.writeBytes(resp);
    }

    @Override
    public String toString() {
        return type + " " + key + " (" + resp.length + " bytes)";
    }

    // ---- RESP

    private static byte[] publishBytes(boolean sharded, String channel, byte[] payload) {
        return array(sharded ? SPUBLISH : PUBLISH, bytes(channel), payload);
    }

    private static byte[] xaddBytes(String stream, long maxLen, List<String> fields) {
        byte[][] parts = new byte[6 + fields.size()][];
        parts[0] = XADD;
        parts[1] = bytes(stream);
        parts[2] = MAXLEN;
        parts[3] = APPROXIMATE;
        parts[4] = bytes(Long.toString(maxLen));
        parts[5] = AUTO_ID;
        for (int i = 0; i < fields.size(); i++) {
            parts[6 + i] = bytes(fields.get(i));
        }
        return array(parts);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A RESP array of bulk strings ({@code *<n>\r\n} then {@code $<length>\r\n<bytes>\r\n} each), exactly sized. */
    static byte[] array(byte[]... items) {
        int size = 1 + digits(items.length) + 2;
        for (byte[] item : items) {
            size += 1 + digits(item.length) + 2 + item.length + 2;
        }
        byte[] out = new byte[size];
        out[0] = '*';
        int at = number(out, 1, items.length);
        for (byte[] item : items) {
            out[at++] = '$';
            at = number(out, at, item.length);
            System.arraycopy(item, 0, out, at, item.length);
            at += item.length;
            out[at++] = '\r';
            out[at++] = '\n';
        }
        return out;
    }

    /** Writes {@code value} in decimal and CRLF at {@code at}; returns the index after them. */
    private static int number(byte[] out, int at, int value) {
        int end = at + digits(value);
        for (int i = end - 1, v = value; i >= at; i--, v /= 10) {
            out[i] = (byte) ('0' + v % 10);
        }
        out[end] = '\r';
        out[end + 1] = '\n';
        return end + 2;
    }

    private static int digits(int value) {
        int n = 1;
        for (int v = value; v >= 10; v /= 10) {
            n++;
        }
        return n;
    }

    /** Keeps the reply (or its error) for {@link #complete}: an integer, or a bulk string for XADD. */
    private static final class Reply extends CommandOutput<String, byte[], Long> {

        Reply() {
            super(RedisClients.CODEC, null);
        }

        @Override
        public void set(long integer) {
            output = integer;
        }

        @Override
        public void set(ByteBuffer bytes) {
            // XADD's entry id: not a receiver count, nothing to keep
        }
    }
}
