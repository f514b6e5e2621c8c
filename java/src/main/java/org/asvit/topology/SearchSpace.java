package org.asvit.topology;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The topology search space of the paper's Table 1, as data: twelve categorical factors in the
 * reference's order K1, K2, K3, K4, S1, S2, S3, E1, E2, E3, E4, H. A point of the space is one
 * choice index per factor; {@link #topologyOf} and {@link #choiceIndicesOf} convert between such
 * index vectors and seed-form topologies, which is what a policy over the factors samples.
 *
 * <p>S4 is not a factor: it is fixed at {@value #FIXED_LAST_SPLIT}. Depths and width are not part
 * of the space either; membership ignores them, so a scaled topology grown from a member is a member.
 */
public final class SearchSpace {
    /** The value of S4 in every topology of the space. */
    public static final int FIXED_LAST_SPLIT = 1;

    /** One categorical choice of the search: its name (as in the paper, e.g. {@code K1}) and its values in order. */
    public record Factor(String name, List<Integer> choices) {
        public Factor {
            Objects.requireNonNull(name, "name");
            choices = List.copyOf(choices);
        }

        /** Number of choices. */
        public int size() {
            return choices.size();
        }

        /** The value of choice {@code index}. */
        public int value(int index) {
            return choices.get(index);
        }

        /** The index of {@code value} among the choices, or -1 when it is not one of them. */
        public int indexOf(int value) {
            return choices.indexOf(value);
        }

        /** The choices written as {@code 2, 3, 4}, for messages. */
        public String describeChoices() {
            return choices.stream().map(String::valueOf).collect(Collectors.joining(", "));
        }
    }

    private static final List<Integer> KERNEL_1 = List.of(4, 5, 6, 7, 8);
    private static final List<Integer> KERNEL_LATER = List.of(2, 3, 4);
    private static final List<Integer> EXPANSION = List.of(2, 3, 4, 5, 6);

    private static final List<Factor> FACTORS = List.of(
            new Factor("K1", KERNEL_1),
            new Factor("K2", KERNEL_LATER),
            new Factor("K3", KERNEL_LATER),
            new Factor("K4", KERNEL_LATER),
            new Factor("S1", List.of(2, 4, 8)),
            new Factor("S2", List.of(1, 2, 4)),
            new Factor("S3", List.of(1, 2)),
            new Factor("E1", EXPANSION),
            new Factor("E2", EXPANSION),
            new Factor("E3", EXPANSION),
            new Factor("E4", EXPANSION),
            new Factor("H", List.of(16, 32, 64)));

    // Positions in FACTORS: K1..K4 from FIRST_KERNEL, S1..S3 from FIRST_SPLIT, E1..E4 from FIRST_EXPANSION, then H.
    private static final int FIRST_KERNEL = 0;
    private static final int FIRST_SPLIT = 4;
    private static final int SEARCHED_SPLITS = 3;
    private static final int LAST_SEARCHED_SPLIT = FIRST_SPLIT + SEARCHED_SPLITS - 1;
    private static final int FIRST_EXPANSION = 7;
    private static final int HEADS = 11;

    private SearchSpace() {
    }

    /** The twelve factors in the reference's order. */
    public static List<Factor> factors() {
        return FACTORS;
    }

    /** Number of topologies in the space: the product of the factors' sizes, 4,556,250. */
    public static long size() {
        long size = 1;
        for (Factor factor : FACTORS) {
            size *= factor.size();
        }
        return size;
    }

    /** ln(size): the entropy of the uniform policy, the largest a policy over the space can have (15.33). */
    public static double maxEntropy() {
        return Math.log(size());
    }

    /**
     * The seed-form topology that picks choice {@code choiceIndices[f]} of factor f, S4 = 1.
     *
     * @throws TopologyException if there are not twelve indices or one is out of its factor's range
     */
    public static Topology topologyOf(int[] choiceIndices) {
        Objects.requireNonNull(choiceIndices, "choiceIndices");
        if (choiceIndices.length != FACTORS.size()) {
            throw new TopologyException("a point of the search space needs " + FACTORS.size()
                    + " choice indices (one per factor " + names() + "), got " + choiceIndices.length);
        }
        int[] values = new int[FACTORS.size()];
        for (int f = 0; f < values.length; f++) {
            Factor factor = FACTORS.get(f);
            int index = choiceIndices[f];
            if (index < 0 || index >= factor.size()) {
                throw new TopologyException("choice index of factor '" + factor.name() + "' must be in 0.."
                        + (factor.size() - 1) + " (choices " + factor.describeChoices() + "), got " + index);
            }
            values[f] = factor.value(index);
        }
        int[] kernels = new int[Topology.STAGES];
        int[] splits = new int[Topology.STAGES];
        int[] expansions = new int[Topology.STAGES];
        for (int stage = 0; stage < Topology.STAGES; stage++) {
            kernels[stage] = values[FIRST_KERNEL + stage];
            splits[stage] = stage < SEARCHED_SPLITS ? values[FIRST_SPLIT + stage] : FIXED_LAST_SPLIT;
            expansions[stage] = values[FIRST_EXPANSION + stage];
        }
        return Topology.seed(kernels, splits, expansions, values[HEADS]);
    }

    /**
     * The choice index of every factor for {@code topology} (inverse of {@link #topologyOf}).
     *
     * @throws TopologyException as {@link #requireMember} does
     */
    public static int[] choiceIndicesOf(Topology topology) {
        requireMember(topology);
        int[] values = factorValues(topology);
        int[] indices = new int[values.length];
        for (int f = 0; f < values.length; f++) {
            indices[f] = FACTORS.get(f).indexOf(values[f]);
        }
        return indices;
    }

    /** Whether every factor of {@code topology} is one of its choices and S4 = 1; depths and width are ignored. */
    public static boolean contains(Topology topology) {
        return violation(topology) == null;
    }

    /**
     * Checks membership as {@link #contains} does.
     *
     * @throws TopologyException naming the first factor (in the reference order, S4 after S3) outside
     *                           the space and the values it accepts
     */
    public static void requireMember(Topology topology) {
        String violation = violation(topology);
        if (violation != null) {
            throw new TopologyException(violation + " (topology '" + topology.format() + "')");
        }
    }

    private static String violation(Topology topology) {
        Objects.requireNonNull(topology, "topology");
        int[] values = factorValues(topology);
        for (int f = 0; f < values.length; f++) {
            Factor factor = FACTORS.get(f);
            if (factor.indexOf(values[f]) < 0) {
                return "factor '" + factor.name() + "' = " + values[f] + " is outside the search space (accepted: "
                        + factor.describeChoices() + ")";
            }
            if (f == LAST_SEARCHED_SPLIT && topology.split(Topology.STAGES - 1) != FIXED_LAST_SPLIT) {
                return "field 'S4' = " + topology.split(Topology.STAGES - 1) + " is outside the search space "
                        + "(accepted: " + FIXED_LAST_SPLIT + ", S4 is fixed)";
            }
        }
        return null;
    }

    /** The topology's values of the twelve factors, in factor order. */
    private static int[] factorValues(Topology topology) {
        int[] values = new int[FACTORS.size()];
        for (int stage = 0; stage < Topology.STAGES; stage++) {
            values[FIRST_KERNEL + stage] = topology.kernel(stage);
            if (stage < SEARCHED_SPLITS) {
                values[FIRST_SPLIT + stage] = topology.split(stage);
            }
            values[FIRST_EXPANSION + stage] = topology.expansion(stage);
        }
        values[HEADS] = topology.heads();
        return values;
    }

    private static String names() {
        return FACTORS.stream().map(Factor::name).collect(Collectors.joining(","));
    }
}
