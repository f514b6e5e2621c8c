package org.asvit.model;

import org.asvit.topology.Topology;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every parameter of an As-ViT network, named and ordered as the reference module tree registers them
 * ({@code named_parameters()} order), so that PyTorch state dicts of this architecture load as they are.
 */
public final class ParameterLayout {
    private final Map<String, ParameterSpec> specs;
    private final long patchFanIn;

    private ParameterLayout(Map<String, ParameterSpec> specs, long patchFanIn) {
        this.specs = specs;
        this.patchFanIn = patchFanIn;
    }

    public static ParameterLayout of(Topology topology, int classes) {
        if (classes <= 0) {
            throw new IllegalArgumentException("classes must be a positive integer, got " + classes);
        }
        Builder b = new Builder();
        int c = topology.width();
        int k1 = topology.kernel(0);
        b.add("patch_embed.proj.weight", ParameterSpec.Init.CONV_DEFAULT, c, 3, k1, k1);
        b.add("patch_embed.proj.bias", ParameterSpec.Init.CONV_DEFAULT, c);
        b.layerNorm("patch_embed.norm", c);
        for (int stage = 0; stage < 4; stage++) {
            int d = topology.stageWidth(stage);
            int inner = topology.attentionInner(stage);
            long hidden = topology.mlpHidden(stage);
            for (int block = 0; block < topology.depth(stage); block++) {
                String p = "layers." + stage + ".blocks." + block;
                b.layerNorm(p + ".norm1", d);
                b.linear(p + ".attn.qkv", 3L * inner, d, true);
                b.linear(p + ".attn.proj", d, inner, true);
                b.layerNorm(p + ".mlps.0.0", d);
                b.linear(p + ".mlps.0.1.fc1", hidden, d, true);
                b.linear(p + ".mlps.0.1.fc2", d, hidden, true);
            }
            if (stage < 3) {
                int k = topology.kernel(stage + 1);
                long unfolded = Counts.product("stage " + (stage + 2) + " patch-merging input width K*K*D", k, k, d);
                String p = "layers." + stage + ".downsample";
                b.linear(p + ".reduction", topology.stageWidth(stage + 1), unfolded, false);
                b.layerNorm(p + ".norm", unfolded);
            }
        }
        int f = topology.finalWidth();
        b.layerNorm("norm", f);
        b.linear("head.0", f, f, true);
        b.linear("head.2", classes, f, true);
        return new ParameterLayout(Collections.unmodifiableMap(b.specs), 3L * k1 * k1);
    }

    public List<ParameterSpec> specs() {
        return new ArrayList<>(specs.values());
    }

    public ParameterSpec spec(String name) {
        return specs.get(name);
    }

    public boolean contains(String name) {
        return specs.containsKey(name);
    }

    /** Total number of scalars. */
    public long count() {
        long n = 0;
        for (ParameterSpec s : specs.values()) {
            n = Counts.sum("the number of parameters", n, s.numel());
        }
        return n;
    }

    /** fan_in of the patch-embedding conv, 3 * K1 * K1, for its default initialisation. */
    long patchFanIn() {
        return patchFanIn;
    }

    private static final class Builder {
        final Map<String, ParameterSpec> specs = new LinkedHashMap<>();

        void add(String name, ParameterSpec.Init init, long... shape) {
            specs.put(name, new ParameterSpec(name, shape, init));
        }

        void linear(String prefix, long out, long in, boolean bias) {
            add(prefix + ".weight", ParameterSpec.Init.TRUNC_NORMAL, out, in);
            if (bias) {
                add(prefix + ".bias", ParameterSpec.Init.ZEROS, out);
            }
        }

        void layerNorm(String prefix, long width) {
            add(prefix + ".weight", ParameterSpec.Init.ONES, width);
            add(prefix + ".bias", ParameterSpec.Init.ZEROS, width);
        }
    }
}
