package org.socketiooperator.operator.crd;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.socketiooperator.operator.testing.MockApiServer;

/** crds/ holds exactly what the build generates from the Java model; forgetting to regenerate fails here. */
class CrdUpToDateTest {
    static final String FILE = "socketioclusters.socketiooperator.org-v1.yml";
    /** Surefire runs in the module directory; crds/ sits at the repository root. */
    static final Path COMMITTED = Path.of("..", "crds", FILE);

    @Test
    void committedCrdIsByteIdenticalToTheGeneratedOne() throws IOException {
        byte[] generated;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(MockApiServer.CRD_RESOURCE)) {
            assertThat(in)
                    .as("the build generates " + MockApiServer.CRD_RESOURCE)
                    .isNotNull();
            generated = in.readAllBytes();
        }
        assertThat(COMMITTED).as("crds/" + FILE + " is committed").exists();
        byte[] committed = Files.readAllBytes(COMMITTED);
        assertThat(new String(committed, StandardCharsets.UTF_8))
                .as(
                        "crds/%s is stale; regenerate it as operator/README.md says (mvn -pl operator process-classes, then copy"
                                + " operator/target/classes/META-INF/fabric8/%s to crds/)",
                        FILE, FILE)
                .isEqualTo(new String(generated, StandardCharsets.UTF_8));
        assertThat(committed).isEqualTo(generated);
    }
}
