package org.asvit.training;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Tag("fast")
class LearningRateScheduleTest {
    @Test
    void warmupIsLinearAndDecayIsHalfACosine() {
        LearningRateSchedule s = new LearningRateSchedule(1e-3, 4, 14);
        assertEquals(0.25e-3, s.at(0), 1e-15);
        assertEquals(0.5e-3, s.at(1), 1e-15);
        assertEquals(1e-3, s.at(3), 1e-15);
        assertEquals(1e-3, s.at(4), 1e-15, "first step after warmup: the peak");
        // 10 decay steps: progress (s - 4) / 10; halfway at step 9, cos(pi/2) = 0 -> base / 2.
        assertEquals(0.5e-3, s.at(9), 1e-15);
        assertEquals(1e-3 * 0.5 * (1 + Math.cos(Math.PI * 0.2)), s.at(6), 1e-15);
        assertEquals(1e-3 * 0.5 * (1 + Math.cos(Math.PI * 0.9)), s.at(13), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> s.at(14));
    }

    @Test
    void withoutWarmupStartsAtThePeak() {
        LearningRateSchedule s = new LearningRateSchedule(2e-3, 0, 4);
        assertEquals(2e-3, s.at(0), 1e-15);
        assertEquals(1e-3, s.at(2), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> new LearningRateSchedule(1e-3, 4, 4));
    }
}
