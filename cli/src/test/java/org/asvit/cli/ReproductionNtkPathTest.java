package org.asvit.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The reproduction document's NTK-along-the-path section: each network's NTK on the growth's batch, again on
 * noise and on images, the direction of each column, and how many re-evaluations equal the growth's values.
 */
@Tag("fast")
class ReproductionNtkPathTest {
    @Test
    void sectionComparesTheColumnsAndCountsExactAgreement(@TempDir Path dir) throws Exception {
        Path runs = dir.resolve("runs");
        Path grown = runs.resolve("grow-64px-r2/metrics-seed-0");
        Files.createDirectories(grown);
        Files.writeString(grown.resolve("grow.json"), """
                {"config": {"imageSize": 64, "repeats": 2, "stopParams": 80000000, "rank": "metrics", "seedValue": 0,
                            "inputs": "seeded standard normal (seed 0)"},
                 "finished": true,
                 "steps": [
                   {"step": 0, "arch": "8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,32", "params": 1, "flops": 1, "ntk": 2.5, "lengthDistortion": 0.1},
                   {"step": 1, "arch": "8,2,3,2|4,1,2,1|4,1,4,1|4,1,6,1|32,36", "params": 2, "flops": 2, "ntk": 2.25, "lengthDistortion": 0.2},
                   {"step": 2, "arch": "8,2,3,2|4,1,2,2|4,1,4,1|4,1,6,1|32,40", "params": 3, "flops": 3, "ntk": 2.0, "lengthDistortion": 0.3}
                 ]}
                """);
        Path path = runs.resolve("ntk-path-64px-r2");
        Files.createDirectories(path);
        Files.writeString(path.resolve("path.txt"), """
                # grown by grow-64px-r2/metrics-seed-0
                8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,8
                8,2,3,2|4,1,2,1|4,1,4,1|4,1,6,1|32,9
                8,2,3,2|4,1,2,2|4,1,4,1|4,1,6,1|32,10
                """);
        // Rows in another order than the path; the last one differs from the growth's value.
        Files.writeString(path.resolve("noise.csv"), """
                arch,imageSize,ntkCond,error
                "8,2,3,2|4,1,2,1|4,1,4,1|4,1,6,1|32,9",64,2.25,
                "8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,8",64,2.5,
                "8,2,3,2|4,1,2,2|4,1,4,1|4,1,6,1|32,10",64,2.0000001,
                """);
        // Two of three networks done so far, one of them failed (no value).
        Files.writeString(path.resolve("images.csv"), """
                arch,imageSize,ntkCond,error
                "8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,8",64,40.0,
                "8,2,3,2|4,1,2,1|4,1,4,1|4,1,6,1|32,9",64,,out of memory
                """);
        // The same networks on noise at two other image sizes, columns smallest first.
        Files.writeString(path.resolve("noise-128px.csv"), """
                arch,imageSize,ntkCond,error
                "8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,8",128,3.0,
                "8,2,3,2|4,1,2,1|4,1,4,1|4,1,6,1|32,9",128,3.0,
                "8,2,3,2|4,1,2,2|4,1,4,1|4,1,6,1|32,10",128,3.0,
                """);
        Files.writeString(path.resolve("noise-32px.csv"), """
                arch,imageSize,ntkCond,error
                "8,2,3,1|4,1,2,1|4,1,4,1|4,1,6,1|32,8",32,1.5,
                "8,2,3,2|4,1,2,1|4,1,4,1|4,1,6,1|32,9",32,1.75,
                "8,2,3,2|4,1,2,2|4,1,4,1|4,1,6,1|32,10",32,2.0,
                """);
        Path doc = dir.resolve("reproduction.md");
        AsvitRun run = AsvitRun.of("reproduction-report", "--runs", runs.toString(), "--doc", doc.toString(),
                "--mode", "cpu", "--invocation", "scripts/reproduce.sh --cpu");
        assertEquals(0, run.exitCode(), run::toString);
        String md = Files.readString(doc);
        assertTrue(md.contains("### The NTK along the path: noise against images (64 px, R = 2)"), md);
        assertTrue(md.contains("The networks of `grow-64px-r2/metrics-seed-0` (step 0 is the seed)"), md);
        assertTrue(md.contains("| 0 | `8,2,3,1\\|4,1,2,1\\|4,1,4,1\\|4,1,6,1\\|32,8` | 2.500 | 2.500 | 40.000 | 1.500 | 3.000 |"), md);
        assertTrue(md.contains("| NTK, images | NTK, noise at 32 px | NTK, noise at 128 px |\n|---|---|---|---|---|---|---|\n"), md);
        assertTrue(md.contains("| 1 | `8,2,3,2\\|4,1,2,1\\|4,1,4,1\\|4,1,6,1\\|32,9` | 2.250 | 2.250 | - | 1.750 | 3.000 |"), md);
        assertTrue(md.contains("On noise the condition number goes from 2.500 to 2.000 (falling), below its start at 2 of 2 "
                + "later steps. On images, 1 of 3 networks are evaluated so far. At 32 px on noise the condition number goes "
                + "from 1.500 to 2.000 (rising), below its start at 0 of 2 later steps. At 128 px on noise the condition number "
                + "goes from 3.000 to 3.000 (level), below its start at 0 of 2 later steps."), md);
        assertTrue(md.contains("The noise column equals the growth's own values bit for bit in 2 of 3 networks."), md);
    }

    @Test
    void directionSaysRisingWhenTheLastIsAboveTheFirst() {
        assertEquals("On images the condition number goes from 4.000 to 6.500 (rising), below its start at 1 of 3 later steps.",
                ReproductionNtkPath.direction("On images", new double[] {4, 3.5, 5, 6.5}));
    }
}
