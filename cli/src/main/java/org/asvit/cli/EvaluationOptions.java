package org.asvit.cli;

import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Metric;
import org.asvit.runtime.TensorKind;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;

/**
 * How search and grow evaluate each topology: image size, repeats, NTK batch, seed and the optional
 * image folder for the NTK batch. Fields left out take the command's (or its preset's) defaults, which
 * {@link #settings} receives.
 */
final class EvaluationOptions {
    @Option(names = "--image-size", paramLabel = "PX",
            description = "Image side of the evaluated networks, a multiple of 32. Default: see the command.")
    Integer imageSize;

    @Option(names = "--repeat", paramLabel = "R",
            description = "Fresh initialisations each metric is averaged over. Default: see the command.")
    Integer repeats;

    @Option(names = "--batch", paramLabel = "B", description = "NTK batch size, at least 2. Default: 16.")
    Integer batch;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0",
            description = "Seed of everything random; the same seed on the same device gives the same numbers. "
                    + "Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--data", paramLabel = "DIR",
            description = "NTK batch from B images sampled (seeded) from DIR: an ImageFolder tree (one subfolder "
                    + "per class) or a flat folder of .jpg/.jpeg/.png, preprocessed as ImageNet evaluation images. "
                    + "Default: seeded standard normal values.")
    Path data;

    static final int DEFAULT_BATCH = 16;

    int imageSize(int fallback) {
        return imageSize != null ? imageSize : fallback;
    }

    int repeats(int fallback) {
        return repeats != null ? repeats : fallback;
    }

    int batch() {
        return batch != null ? batch : DEFAULT_BATCH;
    }

    /** NTK and length distortion at the resolved values, on {@code kind}; reads --data (bad data is bad input). */
    EvaluationSettings settings(int resolvedImageSize, int resolvedRepeats, TensorKind kind) {
        EvaluationSettings settings = EvaluationSettings.defaults(resolvedImageSize).withSeed(seed, true)
                .withMetrics(EnumSet.of(Metric.NTK, Metric.LENGTH)).withRepeats(resolvedRepeats)
                .withBatch(batch()).withKind(kind);
        if (data != null) {
            settings = settings.withNtkInputs(InputFiles.imageSample(data, batch(), batch != null, resolvedImageSize, seed));
        }
        return settings;
    }

    /** The values that decide the results, by option name, for a run folder's resume check. */
    void record(Map<String, String> options, int resolvedImageSize, int resolvedRepeats) {
        options.put("--image-size", Integer.toString(resolvedImageSize));
        options.put("--repeat", Integer.toString(resolvedRepeats));
        options.put("--batch", Integer.toString(batch()));
        options.put("--seed", Long.toString(seed));
        options.put("--data", data == null ? "" : data.toAbsolutePath().normalize().toString());
    }
}
