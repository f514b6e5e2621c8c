package org.asvit.topology;

import java.util.regex.Pattern;

/**
 * The text form of a {@link Topology}: five {@code |}-separated groups, four stages of
 * comma-separated integers and a heads group. As the reference reads it, depths and width are
 * independent: stages {@code K,S,E} mean depth 1 and stages {@code K,S,E,L} give the depths; a heads
 * group {@code H} means width 32 and {@code H,C} gives the width, whatever the stages' form. So besides
 * the seed form ({@code K,S,E|...|H}) and the scaled form ({@code K,S,E,L|...|H,C}),
 * {@code 6,8,5|2,4,6|3,2,2|4,1,3|64,48} (depth 1 everywhere, width 48) and {@code K,S,E,L|...|H} are
 * valid, and each formats back as it was written. Stages that mix 3 and 4 fields within one topology
 * are an error (the reference would silently drop every depth).
 */
final class TopologyFormat {
    private static final int GROUPS = Topology.STAGES + 1;
    private static final String[] STAGE_FIELDS = {"K", "S", "E", "L"};
    private static final int SHORT_STAGE_FIELDS = 3;
    private static final int LONG_STAGE_FIELDS = 4;
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
        if (perStage != SHORT_STAGE_FIELDS && perStage != LONG_STAGE_FIELDS) {
            throw new TopologyException("stage 1 must have 3 fields K,S,E (depth 1) or 4 fields K,S,E,L "
                    + "(with its depth L), got " + perStage + " (topology '" + text + "')");
        }
        boolean depthsWritten = perStage == LONG_STAGE_FIELDS;
        String form = depthsWritten ? "4 fields K,S,E,L (as stage 1)" : "3 fields K,S,E (as stage 1)";
        for (int stage = 1; stage < Topology.STAGES; stage++) {
            if (fields[stage].length != perStage) {
                throw new TopologyException("stage " + (stage + 1) + " must have " + form + ", got "
                        + fields[stage].length + "; all four stages give their depth L, or none does (topology '"
                        + text + "')");
            }
        }
        String[] last = fields[Topology.STAGES];
        if (last.length != 1 && last.length != 2) {
            throw new TopologyException("the heads group (group 5) must have 1 field H (width 32) or 2 fields H,C "
                    + "(with the width C), got " + last.length + " (topology '" + text + "')");
        }
        boolean widthWritten = last.length == 2;

        int[][] stageValues = new int[LONG_STAGE_FIELDS][Topology.STAGES];
        for (int stage = 0; stage < Topology.STAGES; stage++) {
            for (int field = 0; field < LONG_STAGE_FIELDS; field++) {
                stageValues[field][stage] = field < perStage
                        ? integer(fields[stage][field], "stage " + (stage + 1) + " field '" + STAGE_FIELDS[field] + "'", text)
                        : 1;
            }
        }
        int heads = integer(last[0], "field 'H'", text);
        int width = widthWritten ? integer(last[1], "field 'C'", text) : Topology.SEED_WIDTH;
        return Topology.fromText(stageValues[0], stageValues[1], stageValues[2], stageValues[3], heads, width,
                new Topology.Form(depthsWritten, widthWritten), text);
    }

    static String format(int[] kernels, int[] splits, int[] expansions, int[] depths, int heads, int width,
                         Topology.Form form) {
        StringBuilder text = new StringBuilder();
        for (int stage = 0; stage < Topology.STAGES; stage++) {
            text.append(valueAt(kernels, stage)).append(',').append(valueAt(splits, stage)).append(',')
                    .append(valueAt(expansions, stage));
            if (form.depthsWritten()) {
                text.append(',').append(valueAt(depths, stage));
            }
            text.append('|');
        }
        text.append(heads);
        if (form.widthWritten()) {
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
