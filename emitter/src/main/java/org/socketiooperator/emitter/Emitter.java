package org.socketiooperator.emitter;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import org.socketiooperator.emitter.wire.BroadcastEncoder;
import org.socketiooperator.emitter.wire.ClassicWire;
import org.socketiooperator.emitter.wire.Operation;
import org.socketiooperator.emitter.wire.Outgoing;
import org.socketiooperator.emitter.wire.Selection;
import org.socketiooperator.emitter.wire.ShardedWire;
import org.socketiooperator.emitter.wire.StreamsWire;
import org.socketiooperator.emitter.wire.WireFormat;
import org.socketiooperator.protocol.codec.CodecException;
import org.socketiooperator.protocol.model.ReservedEvents;

/**
 * Sends events and socket commands to a Socket.IO cluster that uses the Redis adapter, from any JVM
 * process, like {@code @socket.io/redis-emitter} (and, unlike it, to sharded and streams clusters too).
 *
 * <p>Instances are immutable and thread-safe: {@code of}, {@code to}, {@code except}, {@code volatile_}
 * and {@code compress} return new emitters that share the Redis connection of the one created by
 * {@link #create}. Every operation returns a stage that completes when Redis accepted the publish and
 * fails with an {@link EmitterException} (never later than the configured timeout) when it did not;
 * ignore it for fire-and-forget. Invalid input (reserved event names, values that cannot be encoded)
 * throws {@link IllegalArgumentException} at once. Closing any of them closes the shared connection.
 *
 * <pre>{@code
 * Emitter emitter = Emitter.create(EmitterOptions.builder().redisUri("redis://127.0.0.1:6379").build());
 * emitter.to("room1").except("room2").emit("news", "hello", 42).toCompletableFuture().join();
 * emitter.of("/admin").socketsJoin("audit");
 * }</pre>
 */
public final class Emitter implements AutoCloseable {

    /** Names Socket.IO keeps for itself; emitting them would confuse every client. */
    public static final Set<String> RESERVED_EVENTS = ReservedEvents.NAMES;

    private final RedisPublisher publisher;
    private final WireFormat wire;
    private final Selection selection;
    /**
     * This emitter's broadcasts, prepared at its second emit: an emitter built for one emit
     * ({@code emitter.to(room).emit(...)}) would pay the preparation for nothing. Racing threads may each
     * prepare one; they are equal and immutable, and the field publishes them safely (final fields only).
     */
    private BroadcastEncoder broadcasts;

    private boolean emitted;

    private Emitter(RedisPublisher publisher, WireFormat wire, Selection selection) {
        this.publisher = publisher;
        this.wire = wire;
        this.selection = selection;
    }

    /** An emitter for the default namespace {@code /}; no connection is made until the first operation. */
    public static Emitter create(EmitterOptions options) {
        Objects.requireNonNull(options, "options");
        return new Emitter(
                RedisPublisher.create(options.redis(), options.timeout(), options.maxInFlight()),
                wireFormat(options),
                Selection.namespace("/"));
    }

    static WireFormat wireFormat(EmitterOptions options) {
        StreamsTarget streams = options.streams();
        return switch (options.mode()) {
            case SHARDED -> new ShardedWire(options.key(), options.subscriptionMode());
            case STREAMS ->
                new StreamsWire(
                        options.key(),
                        streams.streamName(),
                        streams.streamCount(),
                        streams.maxLen(),
                        streams.useShardedPubSub());
            case CLASSIC -> new ClassicWire(options.key(), options.parser());
        };
    }

    /** The namespace this emitter targets, always starting with {@code /}. */
    public String namespace() {
        return selection.nsp();
    }

    /** What this emitter targets (for tests of the fluent API). */
    Selection selection() {
        return selection;
    }

    /** An emitter for another namespace with no rooms, exceptions or flags; {@code "chat"} means {@code "/chat"}. */
    public Emitter of(String nsp) {
        Objects.requireNonNull(nsp, "nsp");
        return with(Selection.namespace(nsp.startsWith("/") ? nsp : "/" + nsp));
    }

    /** Targets the members of {@code room} too (rooms add up; socket ids are rooms). */
    public Emitter to(String room) {
        return to(List.of(requireRoom(room)));
    }

    public Emitter to(String... rooms) {
        return to(Arrays.asList(rooms));
    }

    public Emitter to(Collection<String> rooms) {
        return with(
                new Selection(selection.nsp(), union(selection.rooms(), rooms), selection.except(), selection.flags()));
    }

    /** Same as {@link #to(String)}. */
    public Emitter in(String room) {
        return to(room);
    }

    public Emitter in(String... rooms) {
        return to(rooms);
    }

    public Emitter in(Collection<String> rooms) {
        return to(rooms);
    }

    /** Leaves out the members of {@code room}. */
    public Emitter except(String room) {
        return except(List.of(requireRoom(room)));
    }

    public Emitter except(String... rooms) {
        return except(Arrays.asList(rooms));
    }

    public Emitter except(Collection<String> rooms) {
        return with(
                new Selection(selection.nsp(), selection.rooms(), union(selection.except(), rooms), selection.flags()));
    }

    /** The event may be dropped for clients that are not ready to receive it. */
    public Emitter volatile_() {
        return flag("volatile", true);
    }

    /** Same as {@link #volatile_()}. */
    public Emitter volatileFlag() {
        return volatile_();
    }

    /** Whether the transport should compress the event. */
    public Emitter compress(boolean compress) {
        return flag("compress", compress);
    }

    /**
     * Sends {@code event} with {@code args} to the selected clients. Arguments are plain values: null,
     * Boolean, numbers, String, byte[] (binary), List / Set / arrays, Map with string keys.
     */
    public CompletionStage<Void> emit(String event, Object... args) {
        requireEventName(event);
        Outgoing message;
        try {
            BroadcastEncoder encoder = broadcasts;
            if (encoder != null) {
                message = encoder.encode(packetData(event, args));
            } else if (!emitted) {
                emitted = true;
                message = wire.encode(new Operation.Broadcast(selection, packetData(event, args)));
            } else {
                encoder = wire.broadcasts(selection);
                broadcasts = encoder;
                message = encoder.encode(packetData(event, args));
            }
        } catch (CodecException e) {
            throw encodingFailure(e);
        }
        return publisher.send(message);
    }

    /** Makes the selected sockets join {@code rooms}. */
    public CompletionStage<Void> socketsJoin(String... rooms) {
        return socketsJoin(Arrays.asList(rooms));
    }

    public CompletionStage<Void> socketsJoin(Collection<String> rooms) {
        return send(new Operation.SocketsJoin(selection, requireRooms(rooms)));
    }

    /** Makes the selected sockets leave {@code rooms}. */
    public CompletionStage<Void> socketsLeave(String... rooms) {
        return socketsLeave(Arrays.asList(rooms));
    }

    public CompletionStage<Void> socketsLeave(Collection<String> rooms) {
        return send(new Operation.SocketsLeave(selection, requireRooms(rooms)));
    }

    /** Disconnects the selected sockets; {@code close} also closes their underlying connections. */
    public CompletionStage<Void> disconnectSockets(boolean close) {
        return send(new Operation.DisconnectSockets(selection, close));
    }

    /**
     * Triggers the {@code event} listeners registered with {@code io.on(event)} on every server of the
     * namespace. There is no acknowledgement: the emitter is not a node and cannot receive answers.
     */
    public CompletionStage<Void> serverSideEmit(String event, Object... args) {
        requireEventName(event);
        return send(new Operation.ServerSideEmit(selection, packetData(event, args)));
    }

    /** Releases the Redis connection shared by this emitter and every emitter derived from it. */
    @Override
    public void close() {
        publisher.close();
    }

    private CompletionStage<Void> send(Operation operation) {
        Outgoing message;
        try {
            message = wire.encode(operation);
        } catch (CodecException e) {
            throw encodingFailure(e);
        }
        return publisher.send(message);
    }

    /** A value the codecs cannot write is the caller's error. */
    private static IllegalArgumentException encodingFailure(CodecException e) {
        return new IllegalArgumentException("cannot encode the arguments: " + e.getMessage(), e);
    }

    private Emitter with(Selection newSelection) {
        return new Emitter(publisher, wire, newSelection);
    }

    private Emitter flag(String name, boolean value) {
        Map<String, Object> flags = new LinkedHashMap<>(selection.flags());
        flags.put(name, value);
        return with(new Selection(selection.nsp(), selection.rooms(), selection.except(), flags));
    }

    private static List<Object> packetData(String event, Object[] args) {
        List<Object> data = new ArrayList<>(args == null ? 1 : args.length + 1);
        data.add(event);
        if (args != null) {
            data.addAll(Arrays.asList(args));
        }
        return data;
    }

    private static void requireEventName(String event) {
        if (event == null) {
            throw new IllegalArgumentException("the event name must not be null");
        }
        if (RESERVED_EVENTS.contains(event)) {
            throw new IllegalArgumentException("\"" + event + "\" is a reserved event name");
        }
    }

    private static List<String> union(List<String> current, Collection<String> added) {
        Set<String> rooms = new LinkedHashSet<>(current);
        rooms.addAll(requireRooms(added));
        return List.copyOf(rooms);
    }

    private static List<String> requireRooms(Collection<String> rooms) {
        Objects.requireNonNull(rooms, "rooms");
        List<String> checked = new ArrayList<>(rooms.size());
        for (String room : rooms) {
            checked.add(requireRoom(room));
        }
        return checked;
    }

    private static String requireRoom(String room) {
        if (room == null) {
            throw new IllegalArgumentException("a room name must not be null");
        }
        return room;
    }
}
