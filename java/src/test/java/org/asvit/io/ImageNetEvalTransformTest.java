package org.asvit.io;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

@Tag("fast")
class ImageNetEvalTransformTest {
    @Test
    void resizeSideIsTheImageSizeOverPoint875() {
        assertEquals(256, new ImageNetEvalTransform(224).resizeShortSide());
        assertEquals(73, new ImageNetEvalTransform(64).resizeShortSide());
        assertEquals(37, new ImageNetEvalTransform(32).resizeShortSide(), "36.57 rounds up");
        assertThrows(IllegalArgumentException.class, () -> new ImageNetEvalTransform(0));
    }

    @Test
    void resizedSizeFollowsTorchvision() {
        // torchvision: short side -> size, long side -> int(size * long / short).
        assertArrayEquals(new long[] {256, 341}, ImageNetEvalTransform.resizedSize(375, 500, 256));
        assertArrayEquals(new long[] {341, 256}, ImageNetEvalTransform.resizedSize(500, 375, 256));
        assertArrayEquals(new long[] {73, 73}, ImageNetEvalTransform.resizedSize(100, 100, 73));
        assertArrayEquals(new long[] {73, 182}, ImageNetEvalTransform.resizedSize(20, 50, 73), "182.5 truncated");
    }

    @Test
    void centreCropRoundsHalvesToEvenLikePython() {
        assertEquals(4, ImageNetEvalTransform.centreCropOffset(73, 64), "round(4.5) == 4");
        assertEquals(6, ImageNetEvalTransform.centreCropOffset(75, 64), "round(5.5) == 6");
        assertEquals(58, ImageNetEvalTransform.centreCropOffset(341, 224), "round(58.5) == 58");
        assertEquals(16, ImageNetEvalTransform.centreCropOffset(256, 224));
    }

    @Test
    void anImageAlreadyAtResizeSizeIsOnlyCroppedAndNormalised() {
        // imageSize 7 resizes to 8: an 8x8 image keeps its pixels; the crop starts at round(0.5) = 0.
        float[] pixels = new float[3 * 8 * 8];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (i % 251) / 255f;
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor out = new ImageNetEvalTransform(7).apply(TensorData.of(new long[] {3, 8, 8}, pixels).toTensor());
            TensorData result = TensorData.fromTensor(out);

            assertArrayEquals(new long[] {3, 7, 7}, result.shape());
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 7; y++) {
                    for (int x = 0; x < 7; x++) {
                        float expected = (pixels[(c * 8 + y) * 8 + x] - ImageNetEvalTransform.MEAN[c]) / ImageNetEvalTransform.STD[c];
                        assertEquals(expected, result.values()[(c * 7 + y) * 7 + x], 0f);
                    }
                }
            }
        }
    }

    @Test
    void downscalingIsAntialiased() {
        // A 32x32 image, white in column 0 only, shrunk 4x to 8 (imageSize 7). The antialiased
        // triangle filter for output column 0 spans input columns 0..5 with weights
        // 0.625, 0.875, 0.875, 0.625, 0.375, 0.125 (sum 3.5), so that column gets 0.625 / 3.5.
        // Plain bilinear would sample columns 1 and 2 only and give 0.
        float[] pixels = new float[3 * 32 * 32];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < 32; y++) {
                pixels[(c * 32 + y) * 32] = 1f;
            }
        }
        try (PointerScope scope = new PointerScope()) {
            Tensor out = new ImageNetEvalTransform(7).apply(TensorData.of(new long[] {3, 32, 32}, pixels).toTensor());
            float[] values = TensorData.fromTensor(out).values();

            for (int c = 0; c < 3; c++) {
                float mean = ImageNetEvalTransform.MEAN[c];
                float std = ImageNetEvalTransform.STD[c];
                assertEquals((0.625f / 3.5f - mean) / std, values[(c * 7 + 3) * 7], 1e-5f, "column 0, channel " + c);
                assertEquals((0f - mean) / std, values[(c * 7 + 3) * 7 + 4], 1e-6f, "far columns see nothing");
            }
        }
    }

    @Test
    void rejectsTensorsThatAreNotRgbImages() {
        try (PointerScope scope = new PointerScope()) {
            Tensor grey = TensorData.of(new long[] {1, 4, 4}, new float[16]).toTensor();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> new ImageNetEvalTransform(4).apply(grey));
            assertEquals("expected a float32 RGB image tensor (3, H, W), got Float [1, 4, 4]", e.getMessage());
        }
    }
}
