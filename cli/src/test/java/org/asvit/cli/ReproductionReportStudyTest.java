package org.asvit.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The study's rows of the reproduction document: each quantity, as {@code study.json} names it, beside the
 * paper's tau for that metric (L^E +0.49, kappa -0.49, L^E_kappa -0.01), and "-" where the paper gives none.
 */
@Tag("fast")
class ReproductionReportStudyTest {
    @Test
    void studyRowsCarryThePapersTau(@TempDir Path dir) throws Exception {
        Path runs = dir.resolve("runs");
        Files.createDirectories(runs.resolve("study"));
        Files.writeString(runs.resolve("study/study.json"), """
                {"config": {"data": "/usr/share/datasets/fashion-mnist", "epochs": "2", "image-size": "32",
                            "topologies": "7,4,6|3,2,5|2,2,6|2,1,3|64;4,2,2|2,4,6|3,2,2|4,1,5|32;6,4,3|4,2,2|2,2,4|4,1,6|64"},
                 "correlations": [
                  {"quantity": "ntkCond", "kendallTauB": -0.14, "kendallLow": -0.43, "kendallHigh": 0.19},
                  {"quantity": "lengthDistortion", "kendallTauB": 0.26, "kendallLow": -0.13, "kendallHigh": 0.61},
                  {"quantity": "curvature", "kendallTauB": -0.23, "kendallLow": -0.41, "kendallHigh": -0.05},
                  {"quantity": "lengthDistortionKappa", "kendallTauB": -0.14, "kendallLow": -0.46, "kendallHigh": 0.21}
                ]}
                """);
        Path doc = dir.resolve("reproduction.md");
        AsvitRun run = AsvitRun.of("reproduction-report", "--runs", runs.toString(), "--doc", doc.toString(),
                "--mode", "cpu", "--invocation", "scripts/reproduce.sh --cpu");
        assertEquals(0, run.exitCode(), run::toString);
        String md = Files.readString(doc);
        assertTrue(md.contains("| ntkCond | -0.14 [-0.43, +0.19] | - | - |"), md);
        assertTrue(md.contains("| lengthDistortion | +0.26 [-0.13, +0.61] | 0.49 | yes |"), md);
        // -0.49 lies below this interval.
        assertTrue(md.contains("| curvature | -0.23 [-0.41, -0.05] | -0.49 | no |"), md);
        assertTrue(md.contains("| lengthDistortionKappa | -0.14 [-0.46, +0.21] | -0.01 | yes |"), md);
        assertTrue(md.contains("The paper's tau lies inside asvit's 95% interval for 2 of 3 metrics. This study trained 3 "
                + "topologies for 2 epochs on fashion-mnist at 32 px; the paper's taus come from its own networks and "
                + "training. Its 95% intervals are 0.60 wide on average"), md);
    }
}
