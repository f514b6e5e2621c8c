package org.asvit.topology;

import java.util.regex.Pattern;

/**
 * The text form of a {@link Topology}: five {@code |}-separated groups, four stages of
 * comma-separated integers and a heads group. Seed form: stages {@code K,S,E}, heads group
 * {@code H} (depths 1, width 32). Scaled form: stages {@code K,S,E,L}, heads group {@code H,C}.
 * The form is taken from stage 1, and every other group must agree with it; the reference parser
 * instead falls back silently to depths 1 and width 32 when a field is missing.
 */
final class TopologyFormat {
    private static final int GROUPS = Topology.STAGES + 1;
    private static final String[] STAGE_FIELDS = {"K", "S", "E", "L"};
    private static final int SEED_STAGE_FIELDS = 3;
    private static final int SCALED_STAGE_FIELDS = 4;
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

    private TopologyFormat() {
    }

    static Topology parse(String text) {
        if (text == null) {
            throw new TopologyException("topology string is missing (expected e.g. '8,2,3|4,1,2|4,1,4|4,1,6|32')");
        }
        String[] groups = text.split("\\|", -1);
        if (groups.length != GROUPS) {
            throw new TopologyException("topology must have " + GROUPS + " '|'-separated groups (four stages "
                    + "K,S,E or K,S,E,L, then H or H,C), got " + groups.length + " (topology '" + text + "')");
        }
        String[][] fields = new String[GROUPS][];
        for (int group = 0; group < GROUPS; group++) {
            fields[group] = groups[group].split(",", -1);
        }
        int perStage = fields[0].length;
        if (perStage != SEED_STAGE_FIELDS && perStage != SCALED_STAGE_FIELDS) {
            throw new TopologyException("stage 1 must have 3 fields K,S,E (seed form) or 4 fields K,S,E,L "
                    + "(scaled form), got " + perStage + " (topology '" + text + "')");
        }
        boolean seed = perStage == SEED_STAGE_FIELDS;
        String form = seed ? "3 fields K,S,E (seed form, as stage 1)" : "4 fields K,S,E,L (scaled form, as stage 1)";
        for (int stage = 1; stage < Topology.STAGES; stage++) {
            if (fields[stage].length != perStage) {
                throw new TopologyException("stage " + (stage + 1) + " must have " + form + ", got "
                        + fields[stage].length + " (topology '" + text + "')");
            }
        }
        String[] last = fields[Topology.STAGES];
        int lastExpected = seed ? 1 : 2;
        if (last.length != lastExpected) {
            throw new TopologyException("the heads group (group 5) must have "
                    + (seed ? "1 field H (seed form, as stage 1)" : "2 fields H,C (scaled form, as stage 1)")
                    + ", got " + last.length + " (topology '" + text + "')");
        }

        int[][] stageValues = new int[SCALED_STAGE_FIELDS][Topology.STAGES];
        for (int stage = 0; stage < Topology.STAGES; stage++) {
            for (int field = 0; field < SCALED_STAGE_FIELDS; field++) {
                stageValues[field][stage] = field < perStage
                        ? integer(fields[stage][field], "stage " + (stage + 1) + " field '" + STAGE_FIELDS[field] + "'", text)
                        : 1;
            }
        }
        int heads = integer(last[0], "field 'H'", text);
        int width = seed ? Topology.SEED_WIDTH : integer(last[1], "field 'C'", text);
        return Topology.fromText(stageValues[0], stageValues[1], stageValues[2], stageValues[3], heads, width, seed, text);
    }

    static String format(int[] kernels, int[] splits, int[] expansions, int[] depths, int heads, int width,
                         boolean seedForm) {
        StringBuilder text = new StringBuilder();
        for (int stage = 0; stage < Topology.STAGES; stage++) {
            text.append(valueAt(kernels, stage)).append(',').append(valueAt(splits, stage)).append(',')
                    .append(valueAt(expansions, stage));
            if (!seedForm) {
                text.append(',').append(valueAt(depths, stage));
            }
            text.append('|');
        }
        text.append(heads);
        if (!seedForm) {
            text.append(',').append(width);
        }
        return text.toString();
    }

    /** The error for a field that is not a positive integer; {@code got} is the text as written. */
    static TopologyException notPositive(String field, String got, String source) {
        return new TopologyException(field + " must be a positive integer, got '" + got + "' (topology '" + source + "')");
    }

    /** Formats whatever a caller passed, so that an error about malformed arrays can still quote them. */
    private static String valueAt(int[] values, int stage) {
        return values != null && stage < values.length ? Integer.toString(values[stage]) : "?";
    }

    private static int integer(String token, String field, String source) {
        String trimmed = token.strip();
        if (!INTEGER.matcher(trimmed).matches()) {
            throw notPositive(field, token, source);
        }
        try {
            return Integer.parseInt(trimmed);
        } catch (NumberFormatException tooLarge) {
            throw notPositive(field, token, source);
        }
    }
}
