package org.asvit.model;

/**
 * What one forward pass needs besides its input: the normalisation mode, optionally a tape that records
 * every weighted layer's input and output, which attention kernels to use, and where to note the ones
 * that ran.
 *
 * @param normMode LayerNorm or identity
 * @param tape     where weighted layers record themselves, or null
 * @param kernels  native kernels, libtorch, or the native ones where they apply
 * @param log      the attention kernels that ran
 */
public record ForwardContext(NormMode normMode, LayerTape tape, KernelChoice kernels, KernelLog log) {

    public static ForwardContext of(NormMode normMode) {
        return of(normMode, KernelChoice.AUTO);
    }

    public static ForwardContext of(NormMode normMode, KernelChoice kernels) {
        return new ForwardContext(normMode, null, kernels, new KernelLog());
    }

    public static ForwardContext recording(NormMode normMode, LayerTape tape) {
        return new ForwardContext(normMode, tape, KernelChoice.AUTO, new KernelLog());
    }

    boolean recording() {
        return tape != null;
    }

    /**
     * True when this pass cuts its autograd graph around each attention over tensors like {@code x}: a
     * recording pass of a plain batch that may run the native kernels (see {@link AttentionKernels#cutsGraph}).
     */
    boolean cutsAttention(Jet x) {
        return recording() && x.order() == 0 && AttentionKernels.cutsGraph(x.stacked(), kernels);
    }
}
