package org.asvit.scaling;

import org.asvit.io.FiniteJson;
import org.asvit.io.RunFolder;
import org.asvit.metrics.EvaluationBackend;
import org.asvit.topology.Topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A whole growth run, optionally in a {@link RunFolder}: it starts from the folder's checkpoint when there is
 * one (a resumed run), grows the seed step by step through {@link Grower}, and after every step saves the
 * checkpoint and rewrites {@value GrowthOutputs#FILE}, each atomically, so that a run killed at any moment
 * resumes from its last step with the same results.
 *
 * <p>A front end attaches its displays through a {@link Listener} (progress, tables, plots), told after
 * the library's files are written. Progress within a step (its candidates) comes from
 * the backend the front end passes, which sees every evaluation.
 *
 * <p>Stopping: a run whose stop signal turns true ends before its next step, leaving the checkpoint of the
 * last step to resume from, and returns a state that is not {@link GrowState#finished() finished}. The signal is a
 * {@link BooleanSupplier} rather than a thread interrupt because an interrupt closes the file channel of a
 * write in progress (NIO): the write would fail and end the run with an error (the previous checkpoint
 * stays, being written atomically). A caller that uses interrupts can pass
 * {@code () -> Thread.currentThread().isInterrupted()} and accept that risk.
 */
public final class GrowthRun {
    /** The command a growth run's checkpoint names ({@link RunFolder#open}). */
    public static final String COMMAND = "grow";

    /** What a front end is told as the run goes; every method does nothing unless overridden. */
    public interface Listener {
        /**
         * After each step, once the checkpoint and {@value GrowthOutputs#FILE} hold it (also when the run ends
         * for want of a candidate under the cap: {@code step} is then the last member again).
         */
        default void stepDone(GrowStep step, GrowState state) throws IOException {
        }

        /** At the end, finished or stopped, once {@value GrowthOutputs#FILE} holds the final state. */
        default void finished(GrowState state) throws IOException {
        }
    }

    private final GrowConfig config;
    private final Topology seed;
    private final List<Long> emit;

    /**
     * A growth of {@code seed} as {@code config} describes.
     *
     * @param seed the topology to grow; its width must be a multiple of the config's counting scale
     * @param emit sizes (parameters) whose closest family members the outputs name; may be empty
     * @throws IllegalArgumentException if the seed's width does not fit the counting scale
     */
    public GrowthRun(GrowConfig config, Topology seed, List<Long> emit) {
        this.config = Objects.requireNonNull(config, "config");
        this.seed = Objects.requireNonNull(seed, "seed");
        this.emit = List.copyOf(emit);
        new Grower(config).workingWidth(seed);
    }

    /** The growth's configuration. */
    public GrowConfig config() {
        return config;
    }

    /** The topology the family grows from. */
    public Topology seed() {
        return seed;
    }

    /** The family members closest to the asked sizes, once the family has a member. */
    public List<Family.Member> members(GrowState state) {
        return emit.isEmpty() || state.steps().isEmpty() ? List.of() : Family.closest(state.steps(), emit);
    }

    /**
     * The state the run starts from: the checkpoint of {@code folder} when it was opened to resume one, else
     * the empty family.
     *
     * @param folder the run folder, or null to run without one
     * @throws org.asvit.InvalidSettingException (naming {@code resume}) if the checkpoint's state cannot be read
     */
    public GrowState startState(RunFolder folder) {
        GrowState empty = new GrowState(List.of(), false, null);
        return folder == null ? empty : folder.checkpoint()
                .map(node -> FiniteJson.checkpointState(node, GrowState.class, "grow state")).orElse(empty);
    }

    /**
     * Grows the seed until a stopping rule ends the run or a stop is asked.
     *
     * @param backend       evaluates the candidates
     * @param folder        the run folder to resume from and write to, or null to keep nothing
     * @param listener      told after each step and at the end
     * @param stopRequested checked before each step; true ends the run there
     * @return the family grown so far
     */
    public GrowState run(EvaluationBackend backend, RunFolder folder, Listener listener, BooleanSupplier stopRequested) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(stopRequested, "stopRequested");
        GrowState result = new Grower(config, backend).run(seed, startState(folder), (step, state) -> {
            if (folder != null) {
                folder.saveCheckpoint(FiniteJson.MAPPER.valueToTree(state));
                write(folder, state);
            }
            listener.stepDone(step, state);
        }, stopRequested);
        if (folder != null) {
            write(folder, result);
        }
        try {
            listener.finished(result);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        return result;
    }

    private void write(RunFolder folder, GrowState state) {
        try {
            folder.writeJson(GrowthOutputs.FILE, GrowthOutputs.file(config, seed, state, members(state)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the outputs in " + folder.dir() + ": " + e.getMessage(), e);
        }
    }
}
