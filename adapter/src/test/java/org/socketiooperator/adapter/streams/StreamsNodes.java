package org.socketiooperator.adapter.streams;

import java.util.ArrayList;
import java.util.List;
import org.socketiooperator.adapter.Adapter;
import org.socketiooperator.adapter.config.AdapterConfig;
import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.adapter.config.StreamsOptions;
import org.socketiooperator.adapter.conformance.ThreeNodes;
import org.socketiooperator.adapter.sharded.ShardedIds;
import org.socketiooperator.adapter.testing.Trio;

/** Three streams-mode nodes with a stream, channel prefix and session prefix of their own. */
public final class StreamsNodes implements ThreeNodes {

    final String prefix = "sio-streams-" + ShardedIds.next();
    final List<StreamsAdapter> adapters = new ArrayList<>();

    public StreamsNodes(RedisEndpoint endpoint, boolean useShardedPubSub) {
        this(endpoint, useShardedPubSub, 1);
    }

    /** With {@code streamCount} > 1 each namespace has its stream ({@code <name>-<hash % count>}), read by its reader. */
    public StreamsNodes(RedisEndpoint endpoint, boolean useShardedPubSub, int streamCount) {
        StreamsOptions options =
                options(prefix).withUseShardedPubSub(useShardedPubSub).withStreamCount(streamCount);
        try {
            for (int i = 0; i < 3; i++) {
                adapters.add(new StreamsAdapter(AdapterConfig.streams(endpoint).withStreams(options)));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Names nobody else on the shared Redis uses; a short block time keeps close() quick. */
    static StreamsOptions options(String prefix) {
        return StreamsOptions.DEFAULTS
                .withStreamName(prefix + "-stream")
                .withChannelPrefix(prefix)
                .withSessionKeyPrefix(prefix + ":session:")
                .withBlockTimeInMs(1000);
    }

    @Override
    public Trio<StreamsAdapter> open(String nsp) {
        return new Trio<>(adapters, nsp);
    }

    @Override
    public int pendingRequests(Trio<? extends Adapter> trio, int oneBased) {
        return adapters.get(oneBased - 1).namespace(trio.nsp).pendingRequests();
    }

    @Override
    public void awaitSubscriptions(Trio<? extends Adapter> trio) {
        // two fixed channels per namespace, in place once the trio counts three nodes; rooms need nothing
    }

    @Override
    public void close() {
        adapters.forEach(StreamsAdapter::close);
    }
}
