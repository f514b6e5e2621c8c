package org.asvit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The {@code asvit} command: training-free As-ViT metrics from the command line.
 *
 * <p>Subcommands: {@link CountCommand count} (parameters and FLOPs of a topology, no network built)
 * , {@link EvaluateCommand evaluate} (the metrics of a topology at initialisation),
 * {@link SearchCommand search} and {@link GrowCommand grow} (the topology search and the scaling),
 * {@link ScheduleCommand schedule} (training FLOPs saved by progressive re-tokenisation),
 * {@link SoakCommand soak} (many random topologies in one JVM, resident memory reported) and
 * {@link DoctorCommand doctor} (checks the machine: natives, GPUs, CPU against CUDA). Errors are
 * reported by {@link ErrorReporter}: one line on stderr, exit code 2 for bad input, 1 otherwise.
 */
@Command(name = "asvit",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "As-ViT (Auto-scaling Vision Transformers without Training) on the JVM, via libtorch.",
        subcommands = {CountCommand.class, EvaluateCommand.class, SearchCommand.class, GrowCommand.class, EvaluateManyCommand.class,
                ScheduleCommand.class, TrainCommand.class, MakeDatasetCommand.class, StudyCommand.class,
                ReproductionReportCommand.class,
                SoakCommand.class, DoctorCommand.class, CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
                "0:success",
                "1:failure (an error while computing, e.g. in libtorch)",
                "2:bad usage or bad input (option values, topology, files)",
                "3:doctor only: no GPU can be used (the CPU path passed)",
                "130:interrupted by SIGINT (Ctrl-C)",
                "143:interrupted by SIGTERM"})
public final class AsvitCommand implements Runnable {
    /** Environment variable that, set to 1, prints stack traces with every error. */
    public static final String DEBUG_ENV = "ASVIT_DEBUG";

    @Option(names = "--verbose", scope = ScopeType.INHERIT,
            description = "Print stack traces with errors (also: env ASVIT_DEBUG=1); evaluate also prints its settings first.")
    boolean verbose;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        Interrupts.install();
        int status = newCommandLine().execute(args);
        Interrupts.awaitHaltIfInterrupted();
        System.exit(status);
    }

    /** The command line with this project's error reporting; what {@link #main} runs, and what tests drive. */
    public static CommandLine newCommandLine() {
        ErrorReporter reporter = new ErrorReporter();
        return Converters.registerAll(new CommandLine(new AsvitCommand()))
                .setExecutionExceptionHandler(reporter)
                .setParameterExceptionHandler(reporter)
                .setExitCodeExceptionMapper(reporter)
                .setCaseInsensitiveEnumValuesAllowed(true);
    }

    /** Whether errors should carry stack traces and evaluation should describe its settings. */
    boolean verbose() {
        return verbose || "1".equals(System.getenv(DEBUG_ENV));
    }

    /** Without a subcommand: the usage help, and exit code 2. */
    @Override
    public void run() {
        java.util.List<String> commands = spec.subcommands().keySet().stream().filter(name -> !name.equals("help")).toList();
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: one of "
                + String.join(", ", commands) + " (see 'asvit --help')");
    }
}
