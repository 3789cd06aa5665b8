package org.socketiooperator.bench;

/** What a server process holds at one moment: its open client connections, heap in use and resident memory. */
public record Footprint(long connections, long heapUsedBytes, long rssBytes) {

    public String describe() {
        return String.format(
                "connections=%d heap used=%.1f MiB RSS=%.1f MiB",
                connections, heapUsedBytes / 1048576.0, rssBytes / 1048576.0);
    }
}
