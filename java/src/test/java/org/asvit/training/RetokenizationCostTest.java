package org.asvit.training;

import org.asvit.model.Complexity;
import org.asvit.topology.Projection;
import org.asvit.topology.Topology;
import org.asvit.training.RetokenizationCost.PhaseCost;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

@Tag("fast")
class RetokenizationCostTest {
    private static final Topology SEED = Topology.parse("8,2,3|4,1,2|4,1,4|4,1,6|32");
    /** The seed at 64 px, stride 4: the reference's count (docs/topology.md, 'Parameters and FLOPs'). */
    private static final long AT_4 = 21_901_824L;
    /**
     * Stride 8 (grids 8, 4, 2, 1; windows 8, 4, 2, 1), by hand: patch embedding 64*32*193 = 395,264;
     * stage 1 64*10,240 + 2*64*64*32 = 917,504; merging 16*512*64 = 524,288; stage 2 16*32,768 + 2*16*16*64
     * = 557,056; merging 4*1,024*128 = 524,288; stage 3 4*196,608 + 2*4*4*128 = 790,528; merging
     * 1*2,048*256 = 524,288; stage 4 1,048,576 + 2*256 = 1,049,088; two means 2*2*256 = 1,024; head
     * 256*256 + 256*1000 = 321,536.
     */
    private static final long AT_8 = 5_604_864L;
    /**
     * Stride 16 (grids 4, 2, 1, 1; windows 4, 2, 1, 1): 16*32*193 = 98,816; 16*10,240 + 2*16*16*32 = 180,224;
     * 4*32,768 = 131,072; 4*32,768 + 2*4*4*64 = 133,120; 131,072; 196,608 + 2*128 = 196,864; the last merging
     * keeps the 1x1 grid: 524,288; stage 4, means and head as at stride 8: 1,049,088 + 1,024 + 321,536.
     */
    private static final long AT_16 = 2_767_104L;

    @Test
    void forwardFlopsOfTheSeedAt64ByHand() {
        assertEquals(AT_4, Complexity.flops(SEED, 64, 4, 1000));
        assertEquals(AT_8, Complexity.flops(SEED, 64, 8, 1000));
        assertEquals(AT_16, Complexity.flops(SEED, 64, 16, 1000));
    }

    /** 10 epochs: 1 at stride 16, 2 at stride 8, 7 at stride 4. */
    @Test
    void savingIsTheEpochWeightedRatioOfForwardFlops() {
        RetokenizationCost cost = RetokenizationCost.of(RetokenizationSchedule.parse("16:1,8:3", 10), SEED, 64, 1000);
        List<PhaseCost> phases = cost.phases();
        assertEquals(3, phases.size());
        assertEquals(new Projection(16, 4), phases.get(0).projection());
        assertEquals(new Projection(8, 2), phases.get(1).projection());
        assertEquals(Projection.BASE, phases.get(2).projection());
        assertArrayEquals(new long[]{16, 4, 1, 1}, phases.get(0).tokens());
        assertArrayEquals(new long[]{64, 16, 4, 1}, phases.get(1).tokens());
        assertArrayEquals(new long[]{256, 64, 16, 4}, phases.get(2).tokens());
        assertEquals(List.of(AT_16, AT_8, AT_4), phases.stream().map(PhaseCost::forwardFlops).toList());
        assertEquals(List.of(3 * AT_16, 3 * 2 * AT_8, 3 * 7 * AT_4),
                phases.stream().map(PhaseCost::trainingFlopsPerImage).toList());
        // 3 * (2,767,104 + 2 * 5,604,864 + 7 * 21,901,824) = 3 * 167,289,600; baseline 3 * 10 * 21,901,824.
        assertEquals(501_868_800L, cost.trainingFlopsPerImage());
        assertEquals(657_054_720L, cost.baselineTrainingFlopsPerImage());
        assertEquals(AT_4, cost.baselineForwardFlops());
        // 1 - 167,289,600 / 219,018,240 = 51,728,640 / 219,018,240
        assertEquals(51_728_640.0 / 219_018_240.0, cost.savedFraction(), 1e-15);
    }

    @Test
    void strideFourThroughoutSavesNothing() {
        RetokenizationCost cost = RetokenizationCost.of(RetokenizationSchedule.none(300), SEED, 224, 1000);
        assertEquals(0.0, cost.savedFraction());
        assertEquals(3L * 300 * 491_595_264L, cost.trainingFlopsPerImage());
    }
}
