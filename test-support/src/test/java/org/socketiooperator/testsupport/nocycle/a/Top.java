package org.socketiooperator.testsupport.nocycle.a;

import org.socketiooperator.testsupport.nocycle.b.Bottom;

/** Uses the package below it only: no cycle, for PackageCyclesTest. */
public class Top {
    Bottom below;
}
