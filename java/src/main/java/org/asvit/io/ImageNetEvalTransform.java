package org.asvit.io;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.InterpolateFuncOptions;
import org.bytedeco.pytorch.LongVector;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.bytedeco.pytorch.global.torch.ScalarType;
import org.bytedeco.pytorch.kBilinear;

import java.util.Arrays;

/**
 * torchvision's standard ImageNet evaluation preprocessing, on a float tensor:
 * {@code Resize(round(size / 0.875))} (shorter side, aspect kept, bilinear with antialias),
 * {@code CenterCrop(size)}, {@code Normalize(mean, std)}.
 *
 * <p>The resampling is libtorch's own ({@code interpolate} with {@code antialias=true}, i.e.
 * {@code _upsample_bilinear2d_aa}), so the result equals torchvision's tensor path
 * ({@code Resize(..., antialias=True)} applied to a float image in [0, 1]). torchvision's PIL path
 * resizes 8-bit images with PIL and rounds to 8 bits before {@code ToTensor}, so it differs by up to
 * about one grey level.
 */
public final class ImageNetEvalTransform {
    /** torchvision's ImageNet channel means (RGB). */
    static final float[] MEAN = {0.485f, 0.456f, 0.406f};
    /** torchvision's ImageNet channel standard deviations (RGB). */
    static final float[] STD = {0.229f, 0.224f, 0.225f};
    /** The usual ratio of crop to resize, 224 / 256. */
    private static final double CROP_RATIO = 0.875;

    private final int imageSize;
    private final int resizeShortSide;

    /** @param imageSize the side of the square output, {@code >= 1} */
    public ImageNetEvalTransform(int imageSize) {
        if (imageSize < 1) {
            throw new IllegalArgumentException("image size must be at least 1, got " + imageSize);
        }
        this.imageSize = imageSize;
        this.resizeShortSide = (int) Math.round(imageSize / CROP_RATIO);
    }

    /** The side of the square output. */
    public int imageSize() {
        return imageSize;
    }

    /** The length the shorter side is resized to before cropping: {@code round(imageSize / 0.875)}. */
    public int resizeShortSide() {
        return resizeShortSide;
    }

    /**
     * Preprocesses one image.
     *
     * @param rgb a float32 CPU tensor (3, H, W) with values in [0, 1]
     * @return a new float32 tensor (3, imageSize, imageSize), attached to the caller's innermost
     *         {@link PointerScope} if any; intermediates are freed before returning
     */
    public Tensor apply(Tensor rgb) {
        long[] inputShape = new long[(int) rgb.dim()];
        Arrays.setAll(inputShape, d -> rgb.size(d));
        if (inputShape.length != 3 || inputShape[0] != 3 || inputShape[1] < 1 || inputShape[2] < 1
                || rgb.scalar_type().intern() != ScalarType.Float) {
            throw new IllegalArgumentException("expected a float32 RGB image tensor (3, H, W), got "
                    + rgb.scalar_type() + " " + Arrays.toString(inputShape));
        }
        long[] resized = resizedSize(inputShape[1], inputShape[2], resizeShortSide);
        long top = centreCropOffset(resized[0], imageSize);
        long left = centreCropOffset(resized[1], imageSize);
        Tensor output = TensorData.emptyFloat(3, imageSize, imageSize);
        try (PointerScope scope = new PointerScope()) {
            InterpolateFuncOptions options = new InterpolateFuncOptions();
            options.size().put(new LongVector(resized));
            options.mode().put(new kBilinear());
            options.align_corners().put(false);
            options.antialias().put(true);
            Tensor scaled = torch.interpolate(rgb.unsqueeze(0), options).squeeze(0);
            Tensor cropped = scaled.narrow(1, top, imageSize).narrow(2, left, imageSize);
            Tensor mean = TensorData.of(new long[] {3, 1, 1}, MEAN.clone()).toTensor();
            Tensor std = TensorData.of(new long[] {3, 1, 1}, STD.clone()).toTensor();
            output.copy_(cropped.sub(mean).div(std));
        }
        return output;
    }

    /**
     * torchvision's {@code Resize(int)} output size (height, width): the shorter side becomes
     * {@code shortSide}, the longer {@code int(shortSide * long / short)} (truncated, as in Python).
     */
    static long[] resizedSize(long height, long width, int shortSide) {
        long shorter = Math.min(height, width);
        long longer = Math.max(height, width);
        long newLonger = (long) ((double) shortSide * longer / shorter);
        return height <= width ? new long[] {shortSide, newLonger} : new long[] {newLonger, shortSide};
    }

    /**
     * torchvision's {@code CenterCrop} start offset along one side: {@code int(round((length - size) / 2.0))},
     * with Python's round-half-to-even ({@link Math#rint}).
     */
    static long centreCropOffset(long length, int size) {
        return (long) Math.rint((length - size) / 2.0);
    }
}
