package org.asvit.metrics;

import org.asvit.io.TensorData;
import org.asvit.runtime.TensorKind;
import org.bytedeco.pytorch.Generator;
import org.bytedeco.pytorch.GeneratorOptional;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

/** Where the NTK batch comes from. Tensors are created in the caller's pointer scope. */
public interface NtkInputs {

    /** A (batch, 3, I, I) batch. */
    Tensor batch(int batch, int imageSize, TensorKind kind);

    /** A short description for reports, e.g. "seeded standard normal (seed 0)". */
    String describe();

    /**
     * Standard normal values drawn from a CPU generator (what the fixtures use); the same seed gives the
     * same batch on every device.
     */
    static NtkInputs seededNormal(long seed) {
        return new SeededNormal(seed);
    }

    /** A fixed batch (images from a folder, or {@code inputs.ntk} of a safetensors file). */
    static NtkInputs fixed(TensorData data, String description) {
        long[] shape = data.shape();
        if (shape.length != 4 || shape[1] != 3 || shape[2] != shape[3]) {
            throw new IllegalArgumentException("NTK inputs must have shape (B, 3, I, I), got "
                    + java.util.Arrays.toString(shape) + " from " + description);
        }
        return new Fixed(data, description);
    }

    /** {@link #seededNormal}: named, so that the settings can be described to another JVM. */
    record SeededNormal(long seed) implements NtkInputs {
        @Override
        public Tensor batch(int batch, int imageSize, TensorKind kind) {
            Generator generator = torch.createCPUGenerator(Seeds.ntkBatch(seed));
            return kind.convert(torch.randn(new long[]{batch, 3, imageSize, imageSize},
                    new GeneratorOptional(generator)));
        }

        @Override
        public String describe() {
            return "seeded standard normal (seed " + seed + "), not images";
        }
    }

    /** {@link #fixed}: named, so that the settings can be described to another JVM. */
    record Fixed(TensorData data, String description) implements NtkInputs {
        @Override
        public Tensor batch(int batch, int imageSize, TensorKind kind) {
            long[] shape = data.shape();
            if (shape[0] != batch || shape[2] != imageSize) {
                throw new IllegalArgumentException("NTK inputs from " + description + " have shape "
                        + java.util.Arrays.toString(shape) + " but batch " + batch + " at image size "
                        + imageSize + " was asked for");
            }
            return kind.convert(data.toTensor());
        }

        @Override
        public String describe() {
            return description;
        }
    }
}
