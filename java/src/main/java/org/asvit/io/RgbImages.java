package org.asvit.io;

import javax.imageio.ImageIO;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Decodes image files to planar RGB floats in [0, 1], as PIL's {@code convert("RGB")} followed by
 * torchvision's {@code ToTensor} would: each 8-bit channel value v becomes v / 255, alpha is dropped
 * (not composited), a grey image repeats its grey value in all three channels.
 *
 * <p>Grey images are read from their raster, because {@link BufferedImage#getRGB} would pass their
 * linear grey colour space through a gamma conversion and change the values. JPEG decoders differ
 * slightly between libraries, so a JPEG may decode to values one level away from PIL's.
 */
public final class RgbImages {
    private RgbImages() {
    }

    /**
     * The image in {@code file} as a (3, height, width) tensor.
     *
     * @throws IOException naming the file if it cannot be read or decoded
     */
    public static TensorData read(Path file) throws IOException {
        BufferedImage image;
        try {
            image = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot decode image " + file + ": " + e.getMessage(), e);
        }
        if (image == null) {
            throw new IOException("cannot decode image " + file + ": not in a format javax.imageio reads (JPEG, PNG)");
        }
        return toPlanarRgb(image);
    }

    /** The image's pixels as a (3, height, width) tensor of values in [0, 1]. */
    static TensorData toPlanarRgb(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int plane = width * height;
        float[] rgb = new float[3 * plane];
        if (image.getColorModel().getColorSpace().getType() == ColorSpace.TYPE_GRAY) {
            Raster raster = image.getRaster();
            float max = (1 << image.getColorModel().getComponentSize(0)) - 1;
            int[] row = new int[width];
            for (int y = 0; y < height; y++) {
                raster.getSamples(0, y, width, 1, 0, row);
                for (int x = 0; x < width; x++) {
                    float grey = row[x] / max;
                    int i = y * width + x;
                    rgb[i] = grey;
                    rgb[plane + i] = grey;
                    rgb[2 * plane + i] = grey;
                }
            }
        } else {
            int[] argb = image.getRGB(0, 0, width, height, null, 0, width);
            for (int i = 0; i < plane; i++) {
                rgb[i] = ((argb[i] >> 16) & 0xff) / 255f;
                rgb[plane + i] = ((argb[i] >> 8) & 0xff) / 255f;
                rgb[2 * plane + i] = (argb[i] & 0xff) / 255f;
            }
        }
        return TensorData.of(new long[] {3, height, width}, rgb);
    }
}
