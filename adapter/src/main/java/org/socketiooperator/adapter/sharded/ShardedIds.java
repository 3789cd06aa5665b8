package org.socketiooperator.adapter.sharded;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Node uids and request ids in the shape of socket.io-adapter's {@code ClusterAdapter}: 16 lowercase hex characters. */
public final class ShardedIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ShardedIds() {}

    public static String next() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
