package org.asvit.io;

import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("fast")
class ImageFolderBatchTest {
    @TempDir
    Path dir;

    private Path image(String name, int width, int height, Color colour, int type, String format) throws IOException {
        BufferedImage image = new BufferedImage(width, height, type);
        Graphics2D g = image.createGraphics();
        g.setColor(colour);
        g.fillRect(0, 0, width, height);
        g.dispose();
        Path file = dir.resolve(name);
        assertTrue(ImageIO.write(image, format, file.toFile()));
        return file;
    }

    private Path png(String name, int width, int height, Color colour) throws IOException {
        return image(name, width, height, colour, BufferedImage.TYPE_INT_RGB, "png");
    }

    /** The batch's values, checked to have shape (count, 3, size, size). */
    private static float[] load(Path dir, int count, int size) throws IOException {
        try (PointerScope scope = new PointerScope()) {
            Tensor batch = ImageFolderBatch.load(dir, count, size);
            TensorData data = TensorData.fromTensor(batch);
            assertArrayEquals(new long[] {count, 3, size, size}, data.shape());
            return data.values();
        }
    }

    /**
     * Every pixel of {@code image} equals the normalised {@code rgb}, to a few float ulps: the
     * antialias weights sum to 1 only up to rounding, as in torchvision.
     */
    private static void assertConstant(float[] values, int image, int size, int... rgb) {
        int plane = size * size;
        for (int c = 0; c < 3; c++) {
            float expected = (rgb[c] / 255f - ImageNetEvalTransform.MEAN[c]) / ImageNetEvalTransform.STD[c];
            for (int i = 0; i < plane; i++) {
                assertEquals(expected, values[(image * 3 + c) * plane + i], 4 * Math.ulp(expected), "image " + image + " channel " + c);
            }
        }
    }

    @Test
    void aConstantImageGivesTheNormalisedConstant() throws IOException {
        png("only.png", 40, 30, new Color(200, 100, 50));

        assertConstant(load(dir, 1, 16), 0, 16, 200, 100, 50);
    }

    @Test
    void takesTheFirstImagesInNameOrderWhateverTheirShape() throws IOException {
        png("b_wide.png", 50, 20, new Color(0, 255, 0));
        png("a_tall.png", 20, 50, new Color(255, 0, 0));
        png("c_last.png", 30, 30, new Color(0, 0, 255));
        Files.writeString(dir.resolve("0_notes.txt"), "not an image, not listed");

        float[] values = load(dir, 2, 16);

        assertConstant(values, 0, 16, 255, 0, 0);
        assertConstant(values, 1, 16, 0, 255, 0);
    }

    @Test
    void listsJpegAndPngOfAnyCaseSorted() throws IOException {
        png("b.PNG", 4, 4, Color.WHITE);
        image("a.JPG", 4, 4, Color.WHITE, BufferedImage.TYPE_INT_RGB, "jpg");
        image("c.jpeg", 4, 4, Color.WHITE, BufferedImage.TYPE_INT_RGB, "jpg");

        Files.createDirectory(dir.resolve(".hidden"));

        ImageFolder folder = ImageFolder.scan(dir);
        assertEquals(List.of(dir.resolve("a.JPG"), dir.resolve("b.PNG"), dir.resolve("c.jpeg")),
                folder.images().stream().map(ImageFolder.Image::file).toList());
        assertEquals(false, folder.isTree());
    }

    @Test
    void decodesJpegAndGreyImages() throws IOException {
        image("a.jpg", 24, 24, new Color(30, 160, 220), BufferedImage.TYPE_INT_RGB, "jpg");
        image("b.png", 24, 24, new Color(128, 128, 128), BufferedImage.TYPE_BYTE_GRAY, "png");

        float[] values = load(dir, 2, 8);

        int plane = 8 * 8;
        int[] jpegRgb = {30, 160, 220};
        for (int c = 0; c < 3; c++) {
            float expected = (jpegRgb[c] / 255f - ImageNetEvalTransform.MEAN[c]) / ImageNetEvalTransform.STD[c];
            assertEquals(expected, values[c * plane], 3f / 255 / ImageNetEvalTransform.STD[c], "JPEG is lossy");
        }
        assertConstant(values, 1, 8, 128, 128, 128);
    }

    @Test
    void missingFolder() {
        Path missing = dir.resolve("nope");
        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> ImageFolderBatch.load(missing, 1, 8));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("image folder does not exist"),
                e.getMessage());
    }

    @Test
    void folderWithoutImages() throws IOException {
        Files.writeString(dir.resolve("readme.txt"), "hello");
        IOException e = assertThrows(IOException.class, () -> ImageFolderBatch.load(dir, 1, 8));
        assertEquals("image folder " + dir + " holds no images and no class subfolders; accepted image extensions: "
                + ".jpg, .jpeg, .png", e.getMessage());
    }

    @Test
    void fewerImagesThanAskedFor() throws IOException {
        png("a.png", 4, 4, Color.BLACK);
        png("b.png", 4, 4, Color.BLACK);
        IOException e = assertThrows(IOException.class, () -> ImageFolderBatch.load(dir, 3, 8));
        assertEquals("image folder " + dir + " holds 2 images, fewer than the 3 asked for", e.getMessage());
    }

    @Test
    void undecodableFilesAreNamed() throws IOException {
        png("a.png", 4, 4, Color.BLACK);
        Path text = dir.resolve("b.png");
        Files.writeString(text, "this is not a PNG");

        IOException e = assertThrows(IOException.class, () -> ImageFolderBatch.load(dir, 2, 8));
        assertEquals("cannot decode image " + text + ": not in a format javax.imageio reads (JPEG, PNG)", e.getMessage());

        byte[] png = Files.readAllBytes(dir.resolve("a.png"));
        Files.write(text, java.util.Arrays.copyOf(png, 40));
        e = assertThrows(IOException.class, () -> ImageFolderBatch.load(dir, 2, 8));
        assertTrue(e.getMessage().startsWith("cannot decode image " + text + ": "), e.getMessage());
    }

    @Test
    void rejectsACountBelowOne() {
        assertThrows(IllegalArgumentException.class, () -> ImageFolderBatch.load(dir, 0, 8));
    }
}
