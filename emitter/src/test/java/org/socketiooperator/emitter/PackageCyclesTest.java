package org.socketiooperator.emitter;

import org.junit.jupiter.api.Test;
import org.socketiooperator.testsupport.PackageCycles;

class PackageCyclesTest {

    @Test
    void packagesFormNoCycle() {
        PackageCycles.assertNone("org.socketiooperator.emitter");
    }
}
