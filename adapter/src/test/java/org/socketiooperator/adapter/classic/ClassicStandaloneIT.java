package org.socketiooperator.adapter.classic;

import org.socketiooperator.adapter.config.RedisEndpoint;
import org.socketiooperator.testsupport.SharedRedis;

/** The classic checklist over the shared standalone Redis (own key prefix). */
class ClassicStandaloneIT extends ClassicConformanceTests {

    @Override
    RedisEndpoint endpoint() {
        return RedisEndpoint.standalone(SharedRedis.uri());
    }
}
