package org.asvit.training;

import org.asvit.topology.Projection;
import org.asvit.topology.Topology;
import org.asvit.topology.TopologyException;
import org.asvit.training.RetokenizationSchedule.Phase;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("fast")
class RetokenizationScheduleTest {

    @Test
    void dilationRuleOnThePapersExample() {
        assertEquals(new Projection(16, 5), Projection.forStride(16, 4));
        assertEquals(new Projection(8, 2), Projection.forStride(8, 4));
        assertEquals(new Projection(4, 1), Projection.forStride(4, 4));
        // K1 = 8 (As-ViT): round(3 * 8/7) + 1 = 4, round(8/7) + 1 = 2; K1 = 7 at 16: round(3.5) + 1 = 5.
        assertEquals(4, Projection.dilation(16, 8));
        assertEquals(2, Projection.dilation(8, 8));
        assertEquals(5, Projection.dilation(16, 7));
        assertEquals(1, Projection.dilation(4, 8));
    }

    /** At stride 4 the padding is the reference's ((K-4)/2, (K-3)/2), floor division, for every kernel. */
    @Test
    void paddingAtStrideFourIsTheReferences() {
        for (int kernel = 2; kernel <= 9; kernel++) {
            int[] padding = Projection.BASE.padding(kernel, 224);
            assertEquals(Math.floorDiv(kernel - 4, 2), padding[0], "K = " + kernel);
            assertEquals(Math.floorDiv(kernel - 3, 2), padding[1], "K = " + kernel);
        }
        // K = 8 at stride 16, dilation 4: extent 29, 14 outputs need 13*16 + 29 - 224 = 13 pixels: 6 before, 7 after.
        assertEquals(List.of(6, 7), List.of(Projection.forStride(16, 8).padding(8, 224)[0],
                Projection.forStride(16, 8).padding(8, 224)[1]));
        assertEquals(14, Projection.forStride(16, 8).grid(224));
    }

    @Test
    void phasesAndStridesOfAnExplicitSchedule() {
        RetokenizationSchedule schedule = RetokenizationSchedule.parse("16:40, 8:70", 300);
        assertEquals(List.of(new Phase(16, 1, 40), new Phase(8, 41, 70), new Phase(4, 71, 300)), schedule.phases());
        assertEquals(16, schedule.strideAt(1));
        assertEquals(16, schedule.strideAt(40));
        assertEquals(8, schedule.strideAt(41));
        assertEquals(8, schedule.strideAt(70));
        assertEquals(4, schedule.strideAt(71));
        assertEquals(4, schedule.strideAt(300));
        assertEquals(5, schedule.dilationAt(1, 4));
        assertEquals(new Projection(8, 2), schedule.projectionAt(41, 4));
        assertEquals(Projection.BASE, schedule.projectionAt(300, 8));
        assertEquals("16:40,8:70", schedule.boundaries());
        assertEquals(List.of(40, 30, 230), schedule.phases().stream().map(Phase::epochs).toList());
    }

    @ParameterizedTest(name = "{0} over {1} epochs")
    @CsvSource({
            "paper-18, 300, 16:40,8:70",
            "paper-37, 300, 16:80,8:140",
            "paper-56, 300, 16:120,8:210",
            "PAPER-18, 100, 16:13,8:23",     // 13.3, 23.3
            "paper-56,  10, 16:4,8:7",
            "paper-37,  30, 16:8,8:14"})
    void namedSchedulesScaleWithTheRun(String name, int epochs, String boundaries, String second) {
        RetokenizationSchedule schedule = RetokenizationSchedule.parse(name, epochs);
        assertEquals(boundaries + "," + second, schedule.boundaries());
        assertEquals(epochs, schedule.phases().get(schedule.phases().size() - 1).lastEpoch());
    }

    @Test
    void noneIsStrideFourThroughout() {
        RetokenizationSchedule none = RetokenizationSchedule.parse("none", 5);
        assertEquals(List.of(new Phase(4, 1, 5)), none.phases());
        assertEquals("", none.boundaries());
        assertEquals(none.phases(), RetokenizationSchedule.none(5).phases());
    }

    @ParameterizedTest(name = "''{0}'' over {1} epochs")
    @CsvSource(delimiter = ';', value = {
            "16:40,8:40;    300; last epochs in '16:40,8:40' must increase",
            "8:40,16:70;    300; strides in '8:40,16:70' must decrease",
            "16:40,16:70;   300; must decrease",
            "12:40;         300; stride 12 in '12:40' is not a coarse stride (accepted: 8, 16, 32",
            "4:40;          300; stride 4 in '4:40' is not a coarse stride",
            "16:400;        300; last epoch 400 of stride 16 in '16:400' leaves no epoch at stride 4",
            "16:300;        300; leaves no epoch at stride 4 in a run of 300 epochs",
            "16:0;          300; must increase from 1",
            "16-40;         300; unknown re-tokenisation schedule '16-40' (accepted: paper-18, paper-37, paper-56, none",
            "16:40:70;      300; item '16:40:70' in '16:40:70' must be STRIDE:LAST_EPOCH",
            "16:x;          300; last epoch 'x' of item '16:x' in '16:x' is not a whole number",
            "16:40,;        300; item '' in '16:40,' must be STRIDE:LAST_EPOCH",
            "paper-18;        3; schedule 'paper-18' (16:40,8:70 at 300 epochs) leaves a phase without epochs when "
                    + "scaled to 3 epochs (accepted: at least 7 epochs)"})
    void malformedSchedulesAreRejectedWithTheReason(String text, int epochs, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RetokenizationSchedule.parse(text, epochs));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void epochsOutsideTheRunAreRejected() {
        RetokenizationSchedule schedule = RetokenizationSchedule.parse("16:2", 4);
        assertThrows(IllegalArgumentException.class, () -> schedule.strideAt(0));
        assertThrows(IllegalArgumentException.class, () -> schedule.strideAt(5));
        assertThrows(IllegalArgumentException.class, () -> RetokenizationSchedule.parse("16:2", 0));
    }

    @Test
    void validatesTheNetworksStrides() {
        Topology seed = Topology.parse("8,2,3|4,1,2|4,1,4|4,1,6|32");
        RetokenizationSchedule schedule = RetokenizationSchedule.parse("64:2,16:3", 5);
        schedule.validateFor(seed, 64);
        TopologyException e = assertThrows(TopologyException.class, () -> schedule.validateFor(seed, 32));
        assertTrue(e.getMessage().contains("up to the image size 32"), e.getMessage());
    }
}
