package org.asvit.metrics;

import org.asvit.InvalidSettingException;
import org.asvit.runtime.AvailableMemory;
import org.asvit.io.SuffixedNumbers;
import org.asvit.runtime.TensorKind;
import org.asvit.topology.Topology;

import java.util.Locale;

/**
 * The memory an evaluation may take: what the machine has available when it starts (the default), a
 * fixed size ({@code --max-memory 8g}), or no check at all ({@code --max-memory off}). Checked before a
 * network is built, against {@link MemoryEstimate}, so that a run too big for the machine stops with one
 * line instead of being killed by the operating system.
 *
 * <p>Evaluations that run at the same time in one process ({@code threads:N}) share the limit:
 * {@link #sharedBy} gives each its share.
 *
 * @param limitBytes the limit; {@link #AVAILABLE_NOW} for the machine's available memory, {@link Long#MAX_VALUE} for none
 * @param sharers    evaluations running at once that share it (1 unless {@link #sharedBy})
 */
public record MemoryBudget(long limitBytes, int sharers) implements java.io.Serializable {
    /** {@link #limitBytes} meaning "what the machine has available now". */
    public static final long AVAILABLE_NOW = -1;
    public static final MemoryBudget AVAILABLE = new MemoryBudget(AVAILABLE_NOW);
    public static final MemoryBudget UNLIMITED = new MemoryBudget(Long.MAX_VALUE);
    public static final String ACCEPTED = "a size such as 512m, 8g or 1.5t (binary units, k m g t), 'auto' "
            + "(the memory available when each evaluation starts) or 'off' (no check)";

    public MemoryBudget {
        if (limitBytes < 0 && limitBytes != AVAILABLE_NOW) {
            throw new IllegalArgumentException("a memory limit cannot be negative, got " + limitBytes + " bytes");
        }
        if (sharers < 1) {
            throw new IllegalArgumentException("a memory limit is shared by at least one evaluation, got " + sharers);
        }
    }

    /** A limit for one evaluation at a time. */
    public MemoryBudget(long limitBytes) {
        this(limitBytes, 1);
    }

    /** This limit shared by {@code evaluations} more evaluations at once (each gets an equal share). */
    public MemoryBudget sharedBy(int evaluations) {
        return new MemoryBudget(limitBytes, Math.multiplyExact(sharers, evaluations));
    }

    /**
     * Parses {@code --max-memory}.
     *
     * @throws IllegalArgumentException naming the accepted forms
     */
    public static MemoryBudget parse(String text) {
        String value = text.trim().toLowerCase(Locale.ROOT);
        if (value.equals("auto")) {
            return AVAILABLE;
        }
        if (value.equals("off") || value.equals("none")) {
            return UNLIMITED;
        }
        double bytes = SuffixedNumbers.parse(value, 1024);
        if (!(bytes > 0) || bytes >= Long.MAX_VALUE) {
            throw new IllegalArgumentException("'" + text + "' is not a memory size; accepted: " + ACCEPTED);
        }
        return new MemoryBudget((long) bytes);
    }

    /**
     * Refuses an evaluation whose estimated peak exceeds the limit.
     *
     * @throws MemoryLimitException saying the estimate, the limit and what would shrink it
     */
    public void check(Topology topology, EvaluationSettings settings) {
        if (limitBytes == Long.MAX_VALUE) {
            return;
        }
        require(MemoryEstimate.of(topology, settings), settings.kind(),
                String.format(Locale.ROOT, "evaluating '%s' at %d px", topology, settings.imageSize()),
                String.format(Locale.ROOT, "{imageSize}, {batch} (now %d, for the NTK) or {metrics} (now %s)",
                        settings.batch(), Metric.names(settings.metrics())));
    }

    /**
     * Refuses training whose estimated peak exceeds the limit.
     *
     * @throws MemoryLimitException saying the estimate, the limit and what would shrink it
     */
    public void checkTraining(Topology topology, int imageSize, int batch, int classes, TensorKind kind) {
        if (limitBytes == Long.MAX_VALUE) {
            return;
        }
        require(MemoryEstimate.ofTraining(topology, imageSize, batch, classes, kind.double64()), kind,
                String.format(Locale.ROOT, "training '%s' at %d px on batches of %d", topology, imageSize, batch),
                "{imageSize} or {batch}");
    }

    private void require(MemoryEstimate estimate, TensorKind kind, String what, String options) {
        AvailableMemory limit = limitBytes == AVAILABLE_NOW
                ? (kind.cuda() ? AvailableMemory.cuda(0) : AvailableMemory.host())
                : new AvailableMemory(limitBytes, "allowed by {maxMemory}");
        long share = limit.bytes() / sharers;
        if (estimate.peakBytes() <= share) {
            return;
        }
        String allowed = sharers == 1 ? MemoryEstimate.format(limit.bytes()) + " " + limit.limitBy()
                : String.format(Locale.ROOT, "%s that each of %d evaluations at once may take of the %s %s",
                        MemoryEstimate.format(share), sharers, MemoryEstimate.format(limit.bytes()), limit.limitBy());
        throw new MemoryLimitException(String.format(Locale.ROOT,
                "%s needs about %s, more than the %s; shrink it with a smaller %s, or a narrower or shallower "
                        + "topology, or raise the limit with {maxMemory} SIZE (or off)%s",
                what, estimate.describe(), allowed, options, sharers == 1 ? "" : ", or run fewer at once"));
    }

    /** An evaluation refused because its estimated memory exceeds the budget. */
    public static final class MemoryLimitException extends InvalidSettingException {
        public MemoryLimitException(String message) {
            super(message);
        }
    }
}
