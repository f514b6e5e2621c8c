package org.asvit.cli;

import org.asvit.io.OutputFolders;
import org.asvit.io.OutputLock;
import org.asvit.training.SyntheticDataset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code asvit make-dataset}: a small synthetic ImageFolder set (oriented stripes) for demos and tests. */
@Command(name = "make-dataset", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        sortOptions = false,
        description = {
                "Writes a small synthetic image-classification set as PNG ImageFolder trees OUT/train and OUT/val: "
                        + "class k is a light shape on a dark ground (disk, square, cross, ring, horizontal bar, vertical bar, "
                        + "triangle, diamond) at a random position and size, in random colours, with pixel noise. "
                        + "The same seed gives the same files."})
final class MakeDatasetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--classes", paramLabel = "N", defaultValue = "4",
            description = "Classes, 2.." + SyntheticDataset.MAX_CLASSES + ". Default: ${DEFAULT-VALUE}.")
    int classes;

    @Option(names = "--per-class", paramLabel = "N", defaultValue = "64",
            description = "Training images per class. Default: ${DEFAULT-VALUE}.")
    int perClass;

    @Option(names = "--val-per-class", paramLabel = "N",
            description = "Validation images per class (0: no val tree). Default: a quarter of --per-class, at least 1.")
    Integer valPerClass;

    @Option(names = "--size", paramLabel = "PX", defaultValue = "32", description = "Image side. Default: ${DEFAULT-VALUE}.")
    int size;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "A new or empty folder.")
    Path out;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Override
    public Integer call() throws IOException {
        int val = valPerClass != null ? valPerClass : Math.max(1, perClass / 4);
        // Before the folder is made, so that bad settings leave nothing behind.
        SyntheticDataset.requireValid(classes, perClass, val, size);
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new IllegalArgumentException("--out " + out + " is a file, not a folder");
        }
        OutputFolders.create(out, "--out");
        try (OutputLock held = OutputLock.folder(out, "--out")) {
            try (Stream<Path> entries = Files.list(out)) {
                if (entries.anyMatch(p -> !OutputLock.isLockFile(p))) {
                    throw new IllegalArgumentException("--out " + out + " already holds files; choose a new or empty folder");
                }
            }
            SyntheticDataset.write(out, classes, perClass, val, size, seed);
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.printf("wrote %d classes x %d training images to %s%s (%d x %d px PNG)%n", classes, perClass,
                out.resolve("train"), val > 0 ? " and " + val + " per class to " + out.resolve("val") : "", size, size);
        stdout.flush();
        return 0;
    }
}
