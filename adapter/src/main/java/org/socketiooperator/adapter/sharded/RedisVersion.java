package org.socketiooperator.adapter.sharded;

/** Sharded Pub/Sub (SPUBLISH/SSUBSCRIBE) exists from Redis 7.0 on; older servers are refused at start-up. */
final class RedisVersion {

    private RedisVersion() {}

    /** Parses {@code redis_version:x.y.z} out of {@code INFO server} output and fails clearly below 7. */
    static void requireSharded(String info) {
        String version = null;
        for (String line : info.split("\r?\n")) {
            if (line.startsWith("redis_version:")) {
                version = line.substring("redis_version:".length()).trim();
            }
        }
        if (version == null) {
            throw new IllegalStateException("sharded mode needs Redis 7 or newer, and the server did not report"
                    + " its version (INFO server has no redis_version)");
        }
        int major;
        try {
            major = Integer.parseInt(version.split("\\.")[0]);
        } catch (NumberFormatException e) {
            throw new IllegalStateException(
                    "sharded mode needs Redis 7 or newer; cannot read version '" + version + "'", e);
        }
        if (major < 7) {
            throw new IllegalStateException("sharded mode needs Redis 7 or newer (SPUBLISH/SSUBSCRIBE), but the"
                    + " server runs Redis " + version + ": upgrade Redis or use the classic adapter mode");
        }
    }
}
