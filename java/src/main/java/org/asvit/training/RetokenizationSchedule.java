package org.asvit.training;

import org.asvit.topology.Projection;
import org.asvit.topology.Topology;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Which stage-1 projection stride each epoch of a training run uses (progressive re-tokenisation, paper
 * Section 4; docs/training.md, 'Schedules'): coarse strides first, then the network's own stride 4.
 *
 * <p>Written {@code STRIDE:LAST_EPOCH,...}, coarsest first: {@code 16:40,8:70} trains epochs 1-40 at stride
 * 16, 41-70 at stride 8 and the rest at stride 4. Epochs are numbered from 1, as in the paper. Strides are
 * powers of two above 4, strictly decreasing; last epochs strictly increase, and the last one is before
 * the run's final epoch, so that the run ends at stride 4 (the network that is evaluated). {@code none}
 * is stride 4 throughout.
 *
 * <p>The paper's three schedules (Table 6, As-ViT Large, 300 epochs) have names: {@code paper-18}
 * ({@code 16:40,8:70}, 18.7% of training FLOPs saved in the paper), {@code paper-37} ({@code 16:80,8:140},
 * 37.4%) and {@code paper-56} ({@code 16:120,8:210}, 56.2%). For a run of another length their epoch
 * boundaries are scaled by {@code epochs / 300} and rounded to the nearest epoch (halves up), which keeps
 * each phase's share of the run, and so the saving, close to the paper's; a run too short to give every
 * phase an epoch is rejected.
 *
 * <p>The dilation of each phase depends on the network's stage-1 kernel K1 ({@link Projection#forStride}),
 * so it is asked for with the kernel ({@link #projectionAt}).
 */
public final class RetokenizationSchedule {
    /** The epoch count of the paper's runs, to which its named schedules' boundaries refer. */
    public static final int PAPER_EPOCHS = 300;

    /**
     * One stretch of epochs at one stride.
     *
     * @param stride     the stage-1 projection's stride
     * @param firstEpoch the first epoch of the phase, from 1
     * @param lastEpoch  the last epoch of the phase, inclusive
     */
    public record Phase(int stride, int firstEpoch, int lastEpoch) {
        public int epochs() {
            return lastEpoch - firstEpoch + 1;
        }

        /** The projection of this phase for a stage-1 kernel {@code kernel} (the paper's dilation rule). */
        public Projection projection(int kernel) {
            return Projection.forStride(stride, kernel);
        }
    }

    private enum Named {
        PAPER_18("paper-18", "16:40,8:70"),
        PAPER_37("paper-37", "16:80,8:140"),
        PAPER_56("paper-56", "16:120,8:210");

        final String cliName;
        final String at300;

        Named(String cliName, String at300) {
            this.cliName = cliName;
            this.at300 = at300;
        }
    }

    private static final String NONE = "none";

    private final String name;
    private final int epochs;
    private final List<Phase> phases;

    private RetokenizationSchedule(String name, int epochs, List<Phase> phases) {
        this.name = name;
        this.epochs = epochs;
        this.phases = List.copyOf(phases);
    }

    /** Stride 4 (the network as built) for every epoch. */
    public static RetokenizationSchedule none(int epochs) {
        requireEpochs(epochs);
        return new RetokenizationSchedule(NONE, epochs, List.of(new Phase(Topology.PATCH_STRIDE, 1, epochs)));
    }

    /**
     * Reads a schedule for a run of {@code epochs} epochs: {@code STRIDE:LAST_EPOCH,...} (e.g.
     * {@code 16:40,8:70}), a paper schedule's name ({@link #names()}), or {@code none}.
     *
     * @throws IllegalArgumentException naming what is malformed and what is accepted
     */
    public static RetokenizationSchedule parse(String text, int epochs) {
        requireEpochs(epochs);
        Objects.requireNonNull(text, "schedule");
        String trimmed = text.strip();
        if (trimmed.equalsIgnoreCase(NONE)) {
            return none(epochs);
        }
        for (Named named : Named.values()) {
            if (named.cliName.equalsIgnoreCase(trimmed)) {
                return scaled(named, epochs);
            }
        }
        if (!trimmed.contains(":")) {
            throw new IllegalArgumentException("unknown re-tokenisation schedule '" + text + "' (accepted: "
                    + String.join(", ", names()) + ", none, or STRIDE:LAST_EPOCH,... such as 16:40,8:70)");
        }
        return new RetokenizationSchedule(trimmed, epochs, phases(trimmed, readBoundaries(trimmed), epochs));
    }

    /** The named schedules, e.g. {@code paper-18}. */
    public static List<String> names() {
        return Arrays.stream(Named.values()).map(n -> n.cliName).toList();
    }

    /** The name or text this schedule was read from ({@code none}, {@code paper-18}, {@code 16:40,8:70}). */
    public String name() {
        return name;
    }

    /** The schedule in {@code STRIDE:LAST_EPOCH} form for this run (empty for stride 4 throughout). */
    public String boundaries() {
        List<String> items = new ArrayList<>();
        for (Phase phase : phases) {
            if (phase.stride() != Topology.PATCH_STRIDE) {
                items.add(phase.stride() + ":" + phase.lastEpoch());
            }
        }
        return String.join(",", items);
    }

    /** Epochs of the whole run. */
    public int epochs() {
        return epochs;
    }

    /** Every phase in order, the final stride-4 phase included; together they cover epochs 1..{@link #epochs}. */
    public List<Phase> phases() {
        return phases;
    }

    /** The phase of an epoch numbered from 1. */
    public Phase phaseAt(int epoch) {
        if (epoch < 1 || epoch > epochs) {
            throw new IllegalArgumentException("epoch " + epoch + " is outside the run's epochs 1.." + epochs
                    + " (epochs are numbered from 1)");
        }
        for (Phase phase : phases) {
            if (epoch <= phase.lastEpoch()) {
                return phase;
            }
        }
        throw new AssertionError("phases cover 1.." + epochs);
    }

    /** The stride of an epoch numbered from 1. */
    public int strideAt(int epoch) {
        return phaseAt(epoch).stride();
    }

    /** The projection (stride and the paper's dilation) of an epoch numbered from 1, for stage-1 kernel K1. */
    public Projection projectionAt(int epoch, int kernel) {
        return phaseAt(epoch).projection(kernel);
    }

    /** The dilation of an epoch numbered from 1, for stage-1 kernel K1. */
    public int dilationAt(int epoch, int kernel) {
        return projectionAt(epoch, kernel).dilation();
    }

    /**
     * Checks that a network of this topology built for {@code imageSize} runs at every stride of the
     * schedule ({@link Topology#validateStride}).
     *
     * @throws org.asvit.topology.TopologyException naming the stride and stage that fail
     */
    public void validateFor(Topology topology, int imageSize) {
        for (Phase phase : phases) {
            topology.validateStride(imageSize, phase.stride());
        }
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(name).append(" over ").append(epochs).append(" epochs:");
        for (Phase phase : phases) {
            text.append(String.format(Locale.ROOT, " %d-%d@%d", phase.firstEpoch(), phase.lastEpoch(), phase.stride()));
        }
        return text.toString();
    }

    private static RetokenizationSchedule scaled(Named named, int epochs) {
        try {
            return new RetokenizationSchedule(named.cliName, epochs, scaledPhases(named, epochs));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("schedule '" + named.cliName + "' (" + named.at300 + " at "
                    + PAPER_EPOCHS + " epochs) leaves a phase without epochs when scaled to " + epochs
                    + " epochs (accepted: at least " + shortestRun(named) + " epochs)");
        }
    }

    /** The named schedule's phases with its boundaries scaled to the run's epochs (may throw: too short). */
    private static List<Phase> scaledPhases(Named named, int epochs) {
        int[][] at300 = readBoundaries(named.at300);
        int[][] boundaries = new int[at300.length][];
        for (int i = 0; i < at300.length; i++) {
            long last = Math.round((double) at300[i][1] * epochs / PAPER_EPOCHS);
            boundaries[i] = new int[]{at300[i][0], (int) last};
        }
        return phases(named.at300, boundaries, epochs);
    }

    private static int shortestRun(Named named) {
        for (int epochs = 1; ; epochs++) {
            try {
                scaledPhases(named, epochs);
                return epochs;
            } catch (IllegalArgumentException tooShort) {
                // try a longer run
            }
        }
    }

    /** {stride, last epoch} per item of STRIDE:LAST_EPOCH,...; only the syntax and the numbers' ranges are checked. */
    private static int[][] readBoundaries(String text) {
        String[] items = text.split(",", -1);
        int[][] boundaries = new int[items.length][];
        for (int i = 0; i < items.length; i++) {
            String[] fields = items[i].strip().split(":", -1);
            if (fields.length != 2) {
                throw new IllegalArgumentException("re-tokenisation item '" + items[i].strip() + "' in '" + text
                        + "' must be STRIDE:LAST_EPOCH (e.g. 16:40,8:70)");
            }
            int stride = number(fields[0], "stride", items[i], text);
            int last = number(fields[1], "last epoch", items[i], text);
            if (!Projection.isAcceptedStride(stride) || stride == Topology.PATCH_STRIDE) {
                throw new IllegalArgumentException("stride " + stride + " in '" + text + "' is not a coarse stride"
                        + " (accepted: 8, 16, 32, ...: powers of two above 4; stride 4 follows the last phase)");
            }
            boundaries[i] = new int[]{stride, last};
        }
        return boundaries;
    }

    private static List<Phase> phases(String text, int[][] boundaries, int epochs) {
        List<Phase> phases = new ArrayList<>();
        int first = 1;
        int previousStride = Integer.MAX_VALUE;
        for (int[] boundary : boundaries) {
            int stride = boundary[0];
            int last = boundary[1];
            if (stride >= previousStride) {
                throw new IllegalArgumentException("strides in '" + text + "' must decrease (coarsest first, e.g. "
                        + "16:40,8:70), got " + stride + " after " + previousStride);
            }
            if (last < first) {
                throw new IllegalArgumentException("last epochs in '" + text + "' must increase from 1, got "
                        + stride + ":" + last + " starting at epoch " + first);
            }
            if (last >= epochs) {
                throw new IllegalArgumentException("last epoch " + last + " of stride " + stride + " in '" + text
                        + "' leaves no epoch at stride 4 in a run of " + epochs + " epochs (accepted: last epochs "
                        + "below " + epochs + ")");
            }
            phases.add(new Phase(stride, first, last));
            first = last + 1;
            previousStride = stride;
        }
        phases.add(new Phase(Topology.PATCH_STRIDE, first, epochs));
        return phases;
    }

    private static int number(String field, String what, String item, String text) {
        try {
            return Integer.parseInt(field.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + field.strip() + "' of item '" + item.strip() + "' in '"
                    + text + "' is not a whole number (expected STRIDE:LAST_EPOCH, e.g. 16:40,8:70)");
        }
    }

    private static void requireEpochs(int epochs) {
        if (epochs <= 0) {
            throw new IllegalArgumentException("a run needs at least one epoch, got " + epochs);
        }
    }
}
