package org.asvit.cli;

import org.asvit.metrics.Metric;
import org.asvit.topology.Topology;
import picocli.CommandLine;

/** Option converters whose errors name the problem and the accepted values. */
final class Converters {
    private Converters() {
    }

    /** The help text of every {@code --arch TOPOLOGY} option. */
    static final String TOPOLOGY_DESCRIPTION = "Topology, seed form K1,S1,E1|K2,S2,E2|K3,S3,E3|K4,S4,E4|H "
            + "or scaled form K1,S1,E1,L1|...|K4,S4,E4,L4|H,C (quote it: '|' is a shell pipe).";

    /** A topology string in seed or scaled form ({@link Topology#parse}). */
    static final class TopologyConverter implements CommandLine.ITypeConverter<Topology> {
        @Override
        public Topology convert(String value) {
            try {
                return Topology.parse(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** One metric by its command-line name ({@code ntk}, {@code length}, {@code curvature}, {@code length-kappa}). */
    static final class MetricConverter implements CommandLine.ITypeConverter<Metric> {
        @Override
        public Metric convert(String value) {
            try {
                return Metric.parseList(value).iterator().next();
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /**
     * A parameter count such as {@code 80e6}, {@code 80000000}, {@code 80M} or {@code 1.5G} (suffixes k, M, G,
     * case-insensitive): a positive whole number of parameters.
     */
    static final class CountConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            String text = value.trim();
            double scale = 1;
            if (!text.isEmpty()) {
                switch (Character.toLowerCase(text.charAt(text.length() - 1))) {
                    case 'k' -> scale = 1e3;
                    case 'm' -> scale = 1e6;
                    case 'g' -> scale = 1e9;
                    default -> { }
                }
                if (scale != 1) {
                    text = text.substring(0, text.length() - 1);
                }
            }
            double parsed;
            try {
                parsed = Double.parseDouble(text) * scale;
            } catch (NumberFormatException e) {
                parsed = Double.NaN;
            }
            if (!(parsed >= 1) || parsed > Long.MAX_VALUE || parsed != Math.rint(parsed)) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a positive whole number of "
                        + "parameters (accepted forms: 80e6, 80000000, 80M, 1.5G)");
            }
            return (long) parsed;
        }
    }

    /** Completion candidates and help text for {@code --metrics}. */
    static final class MetricNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(Metric.values()).map(Metric::cliName).iterator();
        }
    }
}
