package org.asvit.model;

import org.asvit.runtime.TensorKind;
import org.asvit.topology.RandomTopologies;
import org.asvit.topology.Topology;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The analytic parameter count equals what a built network actually holds. */
@Tag("fast")
class ParameterCountTest {

    @Test
    void analyticCountEqualsBuiltNetworkForRandomTopologiesDepthsAndWidths() {
        RandomTopologies topologies = new RandomTopologies(42);
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 25; i++) {
            int[] depths = {1 + random.nextInt(3), 1 + random.nextInt(3), 1 + random.nextInt(3), 1 + random.nextInt(3)};
            int width = 8 + random.nextInt(41);
            int classes = 1 + random.nextInt(1000);
            Topology t = topologies.next().withDepths(depths).withWidth(width);
            long analytic = Complexity.params(t, classes);
            try (AsVitNetwork net = AsVitNetwork.initialised(t, 32, classes, i, TensorKind.CPU_FLOAT)) {
                assertEquals(analytic, net.parameters().count(), t + " with " + classes + " classes: built network");
                assertEquals(analytic, ParameterLayout.of(t, classes).count(), t + ": layout");
            }
        }
    }

    @Test
    void topologyWithWidthButNoDepthsBuildsAsItsScaledForm() {
        Topology t = Topology.parse("6,8,5|2,4,6|3,2,2|4,1,3|64,48");
        try (AsVitNetwork net = AsVitNetwork.initialised(t, 32, 10, 1, TensorKind.CPU_FLOAT)) {
            assertEquals(Complexity.params(t.scaledForm(), 10), net.parameters().count());
            assertEquals(48 * 3 * 6 * 6 + 48, net.parameters().get("patch_embed.proj.weight").numel() + 48);
        }
    }
}
