package org.asvit.model;

import org.asvit.runtime.Scopes;
import org.asvit.runtime.Tensors;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Scalar;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.TensorArrayRef;
import org.bytedeco.pytorch.TensorVector;
import org.bytedeco.pytorch.global.torch;

import java.util.ArrayList;
import java.util.List;

/**
 * Multi-head self-attention inside each window: {@code qkv = Linear(D -> 3*inner)},
 * {@code softmax((q * d^-1/2) k^T) v}, {@code Linear(inner -> D)}, with {@code d = D / heads} (integer
 * division) and {@code inner = d * heads}, which may be smaller than D. No position bias, no mask.
 *
 * <p>Along a curve the attention is differentiated in closed form. With {@code S = q k^T},
 * {@code P = softmax(S)}, {@code u = S' - rowsum(P S')}: {@code P' = P u} and
 * {@code P'' = P' u + P (S'' - rowsum(P' S' + P S''))}; {@code S'} and {@code S''} follow from the
 * product rule, and so do {@code O' = P' v + P v'} and {@code O'' = P'' v + 2 P' v' + P v''}.
 *
 * <p>The maps are (windows, heads, N, N) per angle; at 224 px stage 1 that is 784 x 784 per window and
 * head. They are processed in chunks of (window, head) maps that stay near cache size, each chunk in its
 * own pointer scope, so the pass is bounded by arithmetic rather than memory traffic and its peak memory
 * stays small.
 */
final class WindowAttention {
    /**
     * Elements of one (chunk, N, N) map that a chunk aims for (at least one head's map per chunk). Set by
     * the system property {@code asvit.attentionChunkElements}, which exists for the JMH comparison in
     * the README; the default was the fastest measured.
     */
    static final long CHUNK_MAP_ELEMENTS = Long.getLong("asvit.attentionChunkElements", 1L << 20);

    private final LinearOp qkv;
    private final LinearOp proj;
    private final int heads;
    private final int headDim;
    private final double scale;

    WindowAttention(ParameterStore params, String prefix, int heads, int headDim) {
        this.qkv = new LinearOp(params, prefix + ".qkv", true);
        this.proj = new LinearOp(params, prefix + ".proj", true);
        this.heads = heads;
        this.headDim = headDim;
        this.scale = Math.pow(headDim, -0.5);
    }

    /** windows (rows, N, D) to (rows, N, D). */
    Jet apply(Jet windows, ForwardContext ctx) {
        long tokens = windows.stacked().size(1);
        Jet packed = qkv.apply(windows, ctx);
        int order = windows.order();
        Tensor attended;
        if (ctx.cutsAttention(windows)) {
            // The cut's kernels take detached copies, so the split happens outside the graph, and the
            // backward hands the q, k, v gradients to the packed tensor in one copy (packedGradient).
            Tensor[] data;
            try (NoGradGuard noGrad = new NoGradGuard()) {
                data = split(packed.stacked().detach(), tokens);
            }
            attended = AttentionKernels.attendCut(packed.stacked(), data, g -> packedGradient(g, tokens),
                    ctx.tape(), ctx.log());
        } else {
            Tensor[] qkvSplit = split(packed.stacked(), tokens);
            attended = AttentionKernels.attend(qkvSplit[0], qkvSplit[1], qkvSplit[2], order,
                    windows.batch() * heads, ctx.kernels(), ctx.log());
        }
        Jet merged = Jet.wrap(attended.reshape(-1, heads, tokens, headDim).transpose(1, 2)
                .reshape(-1, tokens, (long) heads * headDim), order);
        return proj.apply(merged, ctx);
    }

    /**
     * The scaled queries, the keys and the values of a packed (rows, N, 3 * inner) tensor, each
     * (rows * heads, N, d): heads are independent, so (rows, heads) flatten into one axis, still
     * block-major, and chunks can be as small as one head's map.
     */
    private Tensor[] split(Tensor packed, long tokens) {
        Tensor split = packed.reshape(-1, tokens, 3, heads, headDim).permute(2, 0, 3, 1, 4);
        return new Tensor[]{split.select(0, 0).mul(new Scalar(scale)).reshape(-1, tokens, headDim),
                split.select(0, 1).reshape(-1, tokens, headDim), split.select(0, 2).reshape(-1, tokens, headDim)};
    }

    /** The gradient of the packed tensor from those of {@link #split}'s three parts: split's adjoint. */
    private Tensor packedGradient(Tensor[] qkvGradients, long tokens) {
        Tensor stacked = torch.stack(new TensorArrayRef(new TensorVector(qkvGradients[0].mul(new Scalar(scale)),
                qkvGradients[1], qkvGradients[2])), 0);
        return stacked.reshape(3, -1, heads, tokens, headDim).permute(1, 3, 0, 2, 4)
                .reshape(-1, tokens, 3L * heads * headDim);
    }

    /**
     * Softmax attention of jets of (rows, N, d) queries, keys and values, in chunks of about
     * {@code chunkElements} map elements.
     *
     * @param batch rows per jet block
     * @return (rows, N, d), block-major like the inputs
     */
    static Tensor attendInChunks(Tensor q, Tensor k, Tensor v, int order, long batch, long chunkElements) {
        long tokens = q.size(1);
        long perRow = tokens * tokens;
        long chunk = Math.max(1, Math.min(batch, chunkElements / Math.max(1, perRow)));
        if (chunk >= batch) {
            Tensor[] out = attend(blocks(q, order, batch, 0, batch), blocks(k, order, batch, 0, batch),
                    blocks(v, order, batch, 0, batch));
            return order == 0 ? out[0] : torch.cat(new TensorVector(out), 0);
        }
        List<List<Tensor>> outByBlock = new ArrayList<>();
        for (int b = 0; b <= order; b++) {
            outByBlock.add(new ArrayList<>());
        }
        for (long start = 0; start < batch; start += chunk) {
            long n = Math.min(chunk, batch - start);
            long from = start;
            Tensor[] out = Scopes.step(() -> attend(blocks(q, order, batch, from, n), blocks(k, order, batch, from, n),
                    blocks(v, order, batch, from, n)));
            for (int b = 0; b <= order; b++) {
                outByBlock.get(b).add(out[b]);
            }
        }
        TensorVector all = new TensorVector();
        for (List<Tensor> parts : outByBlock) {
            for (Tensor t : parts) {
                all.push_back(t);
            }
        }
        return torch.cat(all, 0);
    }

    /** Rows [start, start+n) of every jet block of t. */
    private static Tensor[] blocks(Tensor t, int order, long batch, long start, long n) {
        Tensor[] out = new Tensor[order + 1];
        for (int b = 0; b <= order; b++) {
            out[b] = t.narrow(0, b * batch + start, n);
        }
        return out;
    }

    /** Attention of one chunk, value and derivatives: index 0 value, 1 first, 2 second. */
    private static Tensor[] attend(Tensor[] q, Tensor[] k, Tensor[] v) {
        int order = q.length - 1;
        Tensor k0t = k[0].transpose(-2, -1);
        Tensor p0 = q[0].matmul(k0t).softmax(-1);
        Tensor o0 = p0.matmul(v[0]);
        if (order == 0) {
            return new Tensor[]{o0};
        }
        Tensor k1t = k[1].transpose(-2, -1);
        Tensor s1 = q[1].matmul(k0t).add_(q[0].matmul(k1t));
        Tensor u = s1.sub(Tensors.sumLast(p0.mul(s1)));
        Tensor p1 = p0.mul(u);
        Tensor o1 = p1.matmul(v[0]).add_(p0.matmul(v[1]));
        if (order == 1) {
            return new Tensor[]{o0, o1};
        }
        Tensor s2 = q[2].matmul(k0t).add_(q[1].matmul(k1t).mul_(new Scalar(2.0)))
                .add_(q[0].matmul(k[2].transpose(-2, -1)));
        Tensor u1 = s2.sub(Tensors.sumLast(p1.mul(s1).add_(p0.mul(s2))));
        Tensor p2 = p1.mul(u).add_(p0.mul(u1));
        Tensor o2 = p2.matmul(v[0]).add_(p1.matmul(v[1]).mul_(new Scalar(2.0))).add_(p0.matmul(v[2]));
        return new Tensor[]{o0, o1, o2};
    }
}
