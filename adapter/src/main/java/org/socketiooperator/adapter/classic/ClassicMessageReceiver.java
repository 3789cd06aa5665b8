package org.socketiooperator.adapter.classic;

import org.socketiooperator.adapter.LocalNamespace;
import org.socketiooperator.adapter.redis.RateLimitedLog;
import org.socketiooperator.adapter.redis.RedisCounters;
import org.socketiooperator.adapter.request.PendingRequests;
import org.socketiooperator.protocol.classic.ClassicBroadcast;
import org.socketiooperator.protocol.classic.ClassicChannels;
import org.socketiooperator.protocol.classic.ClassicCodec;
import org.socketiooperator.protocol.classic.ClassicResponse;
import org.socketiooperator.protocol.codec.CodecException;

/**
 * Turns one namespace's incoming Redis messages into local effects. A message that cannot be decoded is
 * counted, logged (rate-limited) and dropped; nothing thrown here ever reaches the Redis client.
 */
final class ClassicMessageReceiver {

    private final String uid;
    private final LocalNamespace local;
    private final ClassicChannels channels;
    private final ClassicCodec codec;
    private final ClassicRequestHandler requests;
    private final PendingRequests<ClassicResponse> pending;
    private final RedisCounters counters;
    private final RateLimitedLog log;

    ClassicMessageReceiver(
            String uid,
            LocalNamespace local,
            ClassicChannels channels,
            ClassicCodec codec,
            ClassicRequestHandler requests,
            PendingRequests<ClassicResponse> pending,
            RedisCounters counters,
            RateLimitedLog log) {
        this.uid = uid;
        this.local = local;
        this.channels = channels;
        this.codec = codec;
        this.requests = requests;
        this.pending = pending;
        this.counters = counters;
        this.log = log;
    }

    void onBroadcastChannel(String channel, byte[] payload) {
        String room = channels.roomOf(channel);
        // Room channels of rooms nobody here is in are dropped before any decoding.
        if (room == null || !room.isEmpty() && !local.hasRoom(room)) {
            return;
        }
        guarded(channel, () -> {
            ClassicBroadcast broadcast = codec.decodeBroadcast(payload);
            if (!broadcast.uid().equals(uid) && broadcast.packet().nsp().equals(local.name())) {
                local.broadcast(broadcast.packet(), broadcast.opts());
            }
        });
    }

    void onRequestChannel(String channel, byte[] payload) {
        guarded(channel, () -> requests.handle(codec.decodeRequest(payload)));
    }

    void onResponseChannel(String channel, byte[] payload) {
        guarded(channel, () -> {
            ClassicResponse response = codec.decodeResponse(payload);
            pending.dispatch(response.requestId(), response);
        });
    }

    private void guarded(String channel, Runnable handling) {
        try {
            handling.run();
        } catch (CodecException e) {
            counters.malformed();
            log.warn("dropped a malformed message on {}: {}", channel, e.getMessage());
        } catch (RuntimeException e) {
            log.warn("handling a message on {} failed: {}", channel, e.toString());
        }
    }
}
