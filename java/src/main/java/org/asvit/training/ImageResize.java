package org.asvit.training;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.InterpolateFuncOptions;
import org.bytedeco.pytorch.LongVector;
import org.bytedeco.pytorch.NoGradGuard;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.kBilinear;

/**
 * Resizes planar float images to a square side with libtorch's bilinear interpolation with antialiasing
 * (torchvision's {@code Resize((side, side), antialias=True)} on a tensor); the aspect ratio is not kept.
 * Runs on loader threads: each call opens its own pointer scope and grad mode.
 */
final class ImageResize {
    private ImageResize() {
    }

    /**
     * @param planar (channels, height, width) row-major
     * @return (channels, side, side); {@code planar} itself when it already has that size
     */
    static float[] resize(float[] planar, int channels, int height, int width, int side) {
        if (height == side && width == side) {
            return planar;
        }
        float[] out = new float[channels * side * side];
        try (PointerScope scope = new PointerScope(); NoGradGuard noGrad = new NoGradGuard()) {
            Tensor image = org.asvit.io.TensorData.of(new long[] {1, channels, height, width}, planar).toTensor();
            InterpolateFuncOptions options = new InterpolateFuncOptions();
            options.size().put(new LongVector(new long[] {side, side}));
            options.mode().put(new kBilinear());
            options.align_corners().put(false);
            options.antialias().put(true);
            Tensor resized = torch.interpolate(image, options).contiguous();
            resized.data_ptr_float().get(out);
        }
        return out;
    }
}
