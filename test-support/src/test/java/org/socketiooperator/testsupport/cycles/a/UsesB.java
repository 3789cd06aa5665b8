package org.socketiooperator.testsupport.cycles.a;

import org.socketiooperator.testsupport.cycles.b.UsesA;

/** Half of a package cycle, for PackageCyclesTest. */
public class UsesB {
    UsesA other;
}
