package org.socketiooperator.emitter.wire;

import java.util.Objects;
import org.socketiooperator.protocol.sharded.ClusterMessage;
import org.socketiooperator.protocol.streams.StreamEntryCodec;
import org.socketiooperator.protocol.streams.StreamOffsets;
import org.socketiooperator.protocol.streams.StreamsPubSubCodec;

/**
 * What a node of {@code @socket.io/redis-streams-adapter} 0.3 sends for the same operation, with uid
 * {@code emitter}. There is no official streams emitter on npm; the adapter applies any entry whose uid is
 * not its own. Broadcasts and room operations are stream entries ({@code XADD <stream> MAXLEN ~ maxLen *}) in
 * the namespace's stream, so nodes give a broadcast its entry id as the recovery offset; serverSideEmit is
 * one of the adapter's ephemeral messages and goes, MessagePack, over (S)PUBLISH on
 * {@code <channelPrefix>#<nsp>#}.
 */
public record StreamsWire(
        String channelPrefix, String streamName, int streamCount, long maxLen, boolean useShardedPubSub, String uid)
        implements WireFormat {

    public StreamsWire {
        Objects.requireNonNull(channelPrefix, "channelPrefix");
        Objects.requireNonNull(streamName, "streamName");
        Objects.requireNonNull(uid, "uid");
        if (streamCount < 1 || maxLen < 1) {
            throw new IllegalArgumentException("streamCount and maxLen must be positive");
        }
    }

    public StreamsWire(
            String channelPrefix, String streamName, int streamCount, long maxLen, boolean useShardedPubSub) {
        this(channelPrefix, streamName, streamCount, maxLen, useShardedPubSub, EMITTER_UID);
    }

    @Override
    public Outgoing encode(Operation operation) {
        ClusterMessage message = ClusterMessages.of(uid, operation);
        if (StreamsPubSubCodec.ephemeral(message)) {
            return new Outgoing(
                    useShardedPubSub ? Outgoing.Command.SPUBLISH : Outgoing.Command.PUBLISH,
                    StreamsPubSubCodec.requestChannel(channelPrefix, message.nsp()),
                    StreamsPubSubCodec.encode(message));
        }
        // the official writer's stream, negative index included (see StreamOffsets.streamOf)
        String stream = StreamOffsets.streamOf(message.nsp(), streamName, streamCount);
        return Outgoing.xadd(stream, StreamEntryCodec.encode(message).fields(), maxLen);
    }
}
