package org.socketiooperator.adapter.sharded;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RedisVersionTest {

    @Test
    void redis7AndNewerAreAccepted() {
        assertThatCode(() ->
                        RedisVersion.requireSharded("# Server\r\nredis_version:7.0.15\r\nredis_mode:standalone\r\n"))
                .doesNotThrowAnyException();
        assertThatCode(() -> RedisVersion.requireSharded("redis_version:8.2.1\n"))
                .doesNotThrowAnyException();
    }

    @Test
    void olderServersGetAClearError() {
        assertThatThrownBy(() -> RedisVersion.requireSharded("# Server\r\nredis_version:6.2.14\r\n"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("sharded mode needs Redis 7")
                .hasMessageContaining("6.2.14");
    }

    @Test
    void unreadableVersionsAreRefusedToo() {
        assertThatThrownBy(() -> RedisVersion.requireSharded("# Server\r\n"))
                .hasMessageContaining("sharded mode needs Redis 7");
        assertThatThrownBy(() -> RedisVersion.requireSharded("redis_version:unknown\r\n"))
                .hasMessageContaining("sharded mode needs Redis 7");
    }
}
