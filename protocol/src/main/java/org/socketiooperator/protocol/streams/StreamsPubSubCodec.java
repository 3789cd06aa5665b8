package org.socketiooperator.protocol.streams;

import org.socketiooperator.protocol.codec.CodecException;
import org.socketiooperator.protocol.codec.PayloadFormat;
import org.socketiooperator.protocol.sharded.ClusterMessage;
import org.socketiooperator.protocol.sharded.ClusterMessageCodec;

/**
 * The messages {@code @socket.io/redis-streams-adapter} 0.3 sends with Pub/Sub instead of the stream
 * (broadcasts with acknowledgements, fetchSockets, serverSideEmit, and every response): the whole envelope
 * {@code {type, data, uid, nsp}} in MessagePack, always, on {@code <channelPrefix>#<nsp>#} (requests) and
 * {@code <channelPrefix>#<nsp>#<uid>#} (responses to that node).
 */
public final class StreamsPubSubCodec {

    private StreamsPubSubCodec() {}

    public static byte[] encode(ClusterMessage message) {
        return ClusterMessageCodec.encode(message, PayloadFormat.MSGPACK);
    }

    /** A {@link CodecException} for anything that is not a well-formed envelope. */
    public static ClusterMessage decode(byte[] payload) {
        return ClusterMessageCodec.decode(payload);
    }

    /** Whether the official adapter sends this message with Pub/Sub rather than in the stream. */
    public static boolean ephemeral(ClusterMessage message) {
        return message instanceof ClusterMessage.Broadcast b && b.requestId() != null
                || message instanceof ClusterMessage.ServerSideEmit
                || message instanceof ClusterMessage.FetchSockets;
    }

    public static String requestChannel(String channelPrefix, String nsp) {
        return channelPrefix + "#" + nsp + "#";
    }

    public static String responseChannel(String channelPrefix, String nsp, String uid) {
        return channelPrefix + "#" + nsp + "#" + uid + "#";
    }
}
