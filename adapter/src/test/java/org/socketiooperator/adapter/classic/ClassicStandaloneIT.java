package org.socketiooperator.adapter.classic;

import org.socketiooperator.adapter.config.RedisEndpoint;

/** The classic checklist over the shared standalone Redis (own key prefix). */
class ClassicStandaloneIT extends ClassicConformanceTests {

    @Override
    RedisEndpoint endpoint() {
        return RedisEndpoint.standalone("redis://127.0.0.1:6379");
    }
}
