package org.socketiooperator.adapter.config;

/** {@code classic}: PUBLISH/SUBSCRIBE; {@code sharded}: SPUBLISH/SSUBSCRIBE (Redis 7+). */
public enum AdapterMode {
    CLASSIC,
    SHARDED
}
