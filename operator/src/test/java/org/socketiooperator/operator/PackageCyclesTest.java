package org.socketiooperator.operator;

import org.junit.jupiter.api.Test;
import org.socketiooperator.testsupport.PackageCycles;

class PackageCyclesTest {

    @Test
    void packagesFormNoCycle() {
        PackageCycles.assertNone("org.socketiooperator.operator");
    }
}
