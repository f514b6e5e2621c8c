package org.asvit.model;

import org.asvit.runtime.TensorKind;
import org.asvit.runtime.Tensors;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.ScalarOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The parameter tensors of one network, by reference name. The store owns their native memory: the
 * tensors outlive every pointer scope of the caller and are freed, deterministically, by {@link #close()}.
 *
 * <p>Parameters require gradients (the NTK differentiates through them); forwards that need no graph run
 * under a {@link NoGradGuard}.
 */
public final class ParameterStore implements AutoCloseable {
    private final ParameterLayout layout;
    private final Map<String, Tensor> tensors;
    private final TensorKind kind;
    private boolean closed;

    private ParameterStore(ParameterLayout layout, Map<String, Tensor> tensors, TensorKind kind) {
        this.layout = layout;
        this.tensors = tensors;
        this.kind = kind;
    }

    /**
     * Fresh parameters with the reference initialisation, drawn from a CPU generator seeded with
     * {@code seed} in layout order (so the same seed gives the same weights on every device), then moved
     * to the requested device and dtype.
     */
    public static ParameterStore initialised(ParameterLayout layout, long seed, TensorKind kind) {
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Generator generator = torch.createCPUGenerator(seed);
            GeneratorOptional gen = new GeneratorOptional(generator);
            double convBound = 1.0 / Math.sqrt(layout.patchFanIn());
            for (ParameterSpec spec : layout.specs()) {
                Tensor t = torch.zeros(spec.shape());
                switch (spec.init()) {
                    case TRUNC_NORMAL -> {
                        t.normal_(0.0, 0.02, gen);
                        t.clamp_(new ScalarOptional(new Scalar(-2.0)), new ScalarOptional(new Scalar(2.0)));
                    }
                    case ZEROS -> t.zero_();
                    case ONES -> t.fill_(new Scalar(1.0));
                    case CONV_DEFAULT -> t.uniform_(-convBound, convBound, gen);
                }
                out.put(spec.name(), own(kind.convert(t)));
            }
        }
        return new ParameterStore(layout, out, kind);
    }

    /**
     * Parameters copied from named values (a state dict), which must match the layout exactly: every
     * missing, unexpected and wrongly shaped name is reported in one error.
     */
    public static ParameterStore fromValues(ParameterLayout layout, Map<String, Tensor> values, TensorKind kind) {
        List<String> problems = new ArrayList<>();
        for (ParameterSpec spec : layout.specs()) {
            Tensor v = values.get(spec.name());
            if (v == null) {
                problems.add("missing " + spec.name() + " " + spec.shapeString());
            } else if (!Arrays.equals(Tensors.shape(v), spec.shape())) {
                problems.add("wrong shape for " + spec.name() + ": expected " + spec.shapeString()
                        + ", got " + Arrays.toString(Tensors.shape(v)));
            }
        }
        for (String name : values.keySet()) {
            if (!layout.contains(name)) {
                problems.add("unexpected " + name);
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("weights do not fit this architecture (" + problems.size()
                    + " problem" + (problems.size() == 1 ? "" : "s") + "): " + String.join("; ", problems));
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            for (ParameterSpec spec : layout.specs()) {
                out.put(spec.name(), own(kind.convert(values.get(spec.name()).detach().clone())));
            }
        }
        return new ParameterStore(layout, out, kind);
    }

    private static Tensor own(Tensor t) {
        Tensor p = t.requires_grad_(true);
        p.retainReference();
        return p;
    }

    public Tensor get(String name) {
        Tensor t = tensors.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no parameter named " + name);
        }
        requireOpen();
        return t;
    }

    public Map<String, Tensor> all() {
        requireOpen();
        return Collections.unmodifiableMap(tensors);
    }

    public ParameterLayout layout() {
        return layout;
    }

    public TensorKind kind() {
        return kind;
    }

    /** Total number of scalars actually held (equals the layout's count). */
    public long count() {
        long n = 0;
        for (Tensor t : tensors.values()) {
            n += t.numel();
        }
        return n;
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("parameters already closed");
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Tensor t : tensors.values()) {
            t.releaseReference();
        }
    }
}
