package org.asvit.cli;

import org.asvit.io.SuffixedNumbers;
import org.asvit.metrics.MemoryBudget;
import org.asvit.metrics.Metric;
import org.asvit.model.KernelChoice;
import org.asvit.topology.Topology;
import picocli.CommandLine;

import java.util.function.Function;

/** Option converters whose errors name the problem and the accepted values. */
final class Converters {
    private Converters() {
    }

    /** The help text of every {@code --arch TOPOLOGY} option. */
    static final String TOPOLOGY_DESCRIPTION = "Topology, seed form K1,S1,E1|K2,S2,E2|K3,S3,E3|K4,S4,E4|H "
            + "or scaled form K1,S1,E1,L1|...|K4,S4,E4,L4|H,C (quote it: '|' is a shell pipe).";

    /**
     * A converter that reports its parser's {@link IllegalArgumentException} (whose message names the problem
     * and the accepted values) as picocli's conversion error.
     */
    static <T> CommandLine.ITypeConverter<T> parsing(Function<String, T> parser) {
        return value -> {
            try {
                return parser.apply(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        };
    }

    /**
     * Registers the converters of this project's option types on {@code commandLine} and its subcommands:
     * topology strings, metric names ({@code ntk}, ...), {@code --max-memory} sizes and {@code --kernels} names.
     */
    static CommandLine registerAll(CommandLine commandLine) {
        return commandLine.registerConverter(Topology.class, parsing(Topology::parse))
                .registerConverter(Metric.class, parsing(value -> Metric.parseList(value).iterator().next()))
                .registerConverter(MemoryBudget.class, parsing(MemoryBudget::parse))
                .registerConverter(KernelChoice.class, parsing(KernelChoice::parse));
    }

    /**
     * A parameter count such as {@code 80e6}, {@code 80000000}, {@code 80M} or {@code 1.5G} (suffixes k, M, G,
     * case-insensitive): a positive whole number of parameters.
     */
    static final class CountConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            double parsed = SuffixedNumbers.parse(value, 1000);
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
