package org.socketiooperator.adapter.sharded;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Node uids and request ids in the official sharded adapter's shape: 16 lowercase hex characters. */
final class ShardedIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ShardedIds() {}

    static String next() {
        byte[] bytes = new byte[8];
        RANDOM.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
