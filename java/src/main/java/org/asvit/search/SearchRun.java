package org.asvit.search;

import org.asvit.io.FiniteJson;
import org.asvit.io.RunFolder;
import org.asvit.metrics.EvaluationBackend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * A whole search, optionally in a {@link RunFolder}: it starts from the folder's checkpoint when there is one
 * (a resumed run), runs the remaining REINFORCE steps through {@link ReinforceSearch}, and after every step
 * saves the checkpoint and rewrites {@value SearchOutputs#FILE}, each atomically, so that a run killed at any
 * moment resumes from its last step with the same results. At the end {@value SearchOutputs#FILE} holds the
 * derived topology.
 *
 * <p>A front end attaches its displays through a {@link Listener} (progress, tables, plots), told after
 * the library's files are written.
 *
 * <p>Stopping: a run whose stop signal turns true ends before its next step, leaving the checkpoint of the
 * last step to resume from, and returns a result that is not {@link SearchResult#completed() completed}. The signal is a
 * {@link BooleanSupplier} rather than a thread interrupt because an interrupt closes the file channel of a
 * write in progress (NIO): the write would fail and end the run with an error (the previous checkpoint
 * stays, being written atomically). A caller that uses interrupts can pass
 * {@code () -> Thread.currentThread().isInterrupted()} and accept that risk.
 */
public final class SearchRun {
    /** The command a search's checkpoint names ({@link RunFolder#open}). */
    public static final String COMMAND = "search";

    /** What a front end is told as the run goes; every method does nothing unless overridden. */
    public interface Listener {
        /**
         * After each step, once the checkpoint and {@value SearchOutputs#FILE} hold it.
         *
         * @param step  the step's record (its last sample when a step takes several)
         * @param state the state after it
         */
        default void stepDone(SearchStep step, SearchState state) throws IOException {
        }

        /** At the end, completed or stopped, once {@value SearchOutputs#FILE} holds the result. */
        default void finished(SearchResult result) throws IOException {
        }
    }

    private final SearchConfig config;

    /** A run of the search {@code config} describes. */
    public SearchRun(SearchConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    /** The search's configuration. */
    public SearchConfig config() {
        return config;
    }

    /**
     * The state the run starts from: the checkpoint of {@code folder} when it was opened to resume one, else
     * the state before the first step.
     *
     * @param folder the run folder, or null to run without one
     * @throws org.asvit.InvalidSettingException (naming {@code resume}) if the checkpoint's state cannot be read
     */
    public SearchState startState(RunFolder folder) {
        SearchState initial = new ReinforceSearch(config, EvaluationBackend.callingThread()).initialState();
        return folder == null ? initial : folder.checkpoint()
                .map(node -> FiniteJson.checkpointState(node, SearchState.class, "search state")).orElse(initial);
    }

    /**
     * Runs the search to its end or until a stop is asked.
     *
     * @param backend       evaluates the sampled topologies
     * @param folder        the run folder to resume from and write to, or null to keep nothing
     * @param listener      told after each step and at the end
     * @param stopRequested checked before each step; true ends the run there
     * @return the derived topology and the final state
     */
    public SearchResult run(EvaluationBackend backend, RunFolder folder, Listener listener,
                            BooleanSupplier stopRequested) {
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(stopRequested, "stopRequested");
        SearchState start = startState(folder);
        SearchResult result = new ReinforceSearch(config, backend).run(start, (step, state) -> {
            if (folder != null) {
                folder.saveCheckpoint(FiniteJson.MAPPER.valueToTree(state));
                write(folder, state, null);
            }
            listener.stepDone(step, state);
        }, stopRequested);
        if (folder != null) {
            write(folder, result.state(), result);
        }
        try {
            listener.finished(result);
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        }
        return result;
    }

    private void write(RunFolder folder, SearchState state, SearchResult result) {
        try {
            folder.writeJson(SearchOutputs.FILE, SearchOutputs.file(config, state, result));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the outputs in " + folder.dir() + ": " + e.getMessage(), e);
        }
    }
}
