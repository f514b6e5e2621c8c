package org.asvit.cli;

import org.asvit.metrics.Metric;
import org.asvit.topology.Topology;
import picocli.CommandLine;

/** Option converters whose errors name the problem and the accepted values. */
final class Converters {
    private Converters() {
    }

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

    /** Completion candidates and help text for {@code --metrics}. */
    static final class MetricNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(Metric.values()).map(Metric::cliName).iterator();
        }
    }
}
