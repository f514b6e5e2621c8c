package org.asvit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.asvit.training.SyntheticDataset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code asvit study} end to end on a generated data set with tiny topologies: every output, and resume. */
@Tag("slow")
class CliStudyTest {
    private static final List<String> ARCHS = List.of(
            "4,2,2|2,1,2|2,1,2|2,1,2|16",
            "8,8,6|4,4,6|4,2,6|4,1,6|64",
            "6,4,3|3,2,4|3,1,5|3,1,3|32",
            "5,2,5|2,2,3|4,2,2|2,1,4|16");

    @TempDir
    Path dir;

    private String[] study(Path out, Path archs, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("study", "--data", dir.resolve("data/train").toString(),
                "--val", dir.resolve("data/val").toString(), "--arch-file", archs.toString(), "--epochs", "1",
                "--image-size", "32", "--repeat", "1", "--batch", "16", "--bootstrap", "200", "--loader-threads", "1",
                "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void studiesEveryTopologyAndResumes() throws IOException {
        SyntheticDataset.write(dir.resolve("data"), 3, 16, 8, 32, 1);
        Path archs = dir.resolve("archs.txt");
        Files.writeString(archs, "# four tiny topologies\n" + String.join("\n", ARCHS.subList(0, 3)) + "\n\n");

        Path out = dir.resolve("run");
        AsvitRun first = AsvitRun.of(study(out, archs));
        assertEquals(0, first.exitCode(), first::toString);
        JsonNode json = new ObjectMapper().readTree(out.resolve("study.json").toFile());
        assertEquals(3, json.get("rows").size());
        JsonNode row = json.get("rows").get(0);
        for (String metric : List.of("ntkCond", "lengthDistortion", "curvature", "lengthDistortionKappa",
                "lengthDistortionKappaReference")) {
            assertTrue(row.get("metrics").has(metric), metric + " in " + row);
        }
        double accuracy = row.get("accuracy").asDouble();
        assertTrue(accuracy >= 0 && accuracy <= 1, "accuracy " + accuracy);
        List<String> quantities = new java.util.ArrayList<>();
        json.get("correlations").forEach(c -> quantities.add(c.get("quantity").asText()));
        assertEquals(List.of("ntkCond", "lengthDistortion", "curvature", "lengthDistortionKappa",
                "lengthDistortionKappaReference", "rewardRank", "params", "flops"), quantities);
        assertEquals(4, Files.readAllLines(out.resolve("study.csv")).size());
        assertNotNull(ImageIO.read(out.resolve("study.png").toFile()));
        assertTrue(first.out().contains("tau-b"), first::toString);

        // Resuming a finished study recomputes nothing and reports the same rows.
        AsvitRun again = AsvitRun.of(study(out, archs, "--resume", "--json"));
        assertEquals(0, again.exitCode(), again::toString);
        assertEquals(json.get("rows").toString(), again.json().get("rows").toString());

        // A study killed after its first topology (its checkpoint then holds one row) resumes to the same rows.
        Path killed = dir.resolve("killed");
        Files.createDirectories(killed);
        com.fasterxml.jackson.databind.node.ObjectNode checkpoint =
                (com.fasterxml.jackson.databind.node.ObjectNode) new ObjectMapper().readTree(out.resolve("checkpoint.json").toFile());
        com.fasterxml.jackson.databind.node.ArrayNode rows =
                (com.fasterxml.jackson.databind.node.ArrayNode) checkpoint.get("state").get("rows");
        while (rows.size() > 1) {
            rows.remove(rows.size() - 1);
        }
        new ObjectMapper().writeValue(killed.resolve("checkpoint.json").toFile(), checkpoint);
        AsvitRun resumed = AsvitRun.of(study(killed, archs, "--resume", "--json"));
        assertEquals(0, resumed.exitCode(), resumed::toString);
        assertEquals(withoutSeconds(json.get("rows")), withoutSeconds(resumed.json().get("rows")));

        // Another list of topologies is another study.
        Files.writeString(archs, String.join("\n", ARCHS));
        AsvitRun other = AsvitRun.of(study(out, archs, "--resume"));
        assertEquals(2, other.exitCode(), other::toString);
        assertTrue(other.err().contains("option --topologies"), other::toString);
    }

    private static String withoutSeconds(JsonNode rows) {
        JsonNode copy = rows.deepCopy();
        copy.forEach(r -> ((com.fasterxml.jackson.databind.node.ObjectNode) r).remove(List.of("trainSeconds", "metricSeconds")));
        return copy.toString();
    }

    @Test
    void badInputsAreOneLine() throws IOException {
        Path archs = dir.resolve("archs.txt");
        Files.writeString(archs, ARCHS.get(0) + "\nnot a topology\n");
        SyntheticDataset.write(dir.resolve("data"), 2, 2, 2, 32, 1);
        AsvitRun run = AsvitRun.of(study(dir.resolve("run"), archs));
        assertEquals(2, run.exitCode(), run::toString);
        assertTrue(run.err().contains("--arch-file " + archs + " line 2:"), run::toString);

        AsvitRun noData = AsvitRun.of("study", "--topologies", "3");
        assertEquals(2, noData.exitCode());
        assertTrue(noData.err().contains("--data is required"), noData::toString);
    }
}
