package org.asvit.io;

import org.bytedeco.javacpp.PointerScope;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("fast")
class ImageFolderTest {
    @TempDir
    Path dir;

    private Path png(String relative, int grey) throws IOException {
        Path file = dir.resolve(relative);
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(new Color(grey, grey, grey));
        g.fillRect(0, 0, 4, 4);
        g.dispose();
        assertTrue(ImageIO.write(image, "png", file.toFile()));
        return file;
    }

    @Test
    void treeHasSortedClassesAndNestedImages() throws IOException {
        png("zebra/b.png", 10);
        png("zebra/a.png", 20);
        png("ant/deep/c.png", 30);
        png("ant/.cache/hidden.png", 40);
        Files.writeString(dir.resolve("ant/notes.txt"), "not an image");

        ImageFolder folder = ImageFolder.scan(dir);

        assertTrue(folder.isTree());
        assertEquals(List.of("ant", "zebra"), folder.classes());
        assertEquals(List.of(
                        new ImageFolder.Image(dir.resolve("ant/deep/c.png"), 0),
                        new ImageFolder.Image(dir.resolve("zebra/a.png"), 1),
                        new ImageFolder.Image(dir.resolve("zebra/b.png"), 1)),
                folder.images());
    }

    @Test
    void emptyClassIsNamed() throws IOException {
        png("cats/a.png", 10);
        Files.createDirectories(dir.resolve("dogs"));
        IOException e = assertThrows(IOException.class, () -> ImageFolder.scan(dir));
        assertTrue(e.getMessage().startsWith("class folder " + dir.resolve("dogs") + " holds no images"), e.getMessage());
    }

    @Test
    void looseImagesBesideClassesAreRefused() throws IOException {
        png("cats/a.png", 10);
        png("stray.png", 10);
        IOException e = assertThrows(IOException.class, () -> ImageFolder.scan(dir));
        assertTrue(e.getMessage().contains("mixes 1 loose images (e.g. stray.png) with 1 class subfolders"), e.getMessage());
    }

    @Test
    void aFileIsNotAFolder() throws IOException {
        Path file = png("a.png", 10);
        IOException e = assertThrows(IOException.class, () -> ImageFolder.scan(file));
        assertTrue(e.getMessage().startsWith(file + " is a file, not a folder of images"), e.getMessage());
    }

    @Test
    void seededSampleIsReproducibleAndDrawsFromEveryClass() throws IOException {
        for (int i = 0; i < 8; i++) {
            png("c" + (i % 2) + "/img" + i + ".png", 10 + 20 * i);
        }
        float[] first = sampleGreys(4, 7);
        assertArrayEquals(first, sampleGreys(4, 7));
        assertFalse(java.util.Arrays.equals(first, sampleGreys(4, 8)), "another seed, another sample");
        // All 8 drawn: every image exactly once, whatever the order.
        float[] all = sampleGreys(8, 3);
        float[] sorted = all.clone();
        java.util.Arrays.sort(sorted);
        for (int i = 1; i < sorted.length; i++) {
            assertTrue(sorted[i] > sorted[i - 1], "distinct images");
        }
    }

    /** The first pixel of the red channel of each sampled image (distinct per image). */
    private float[] sampleGreys(int count, long seed) throws IOException {
        try (PointerScope scope = new PointerScope()) {
            TensorData data = TensorData.fromTensor(ImageFolderBatch.sample(dir, count, 8, seed));
            float[] out = new float[count];
            for (int i = 0; i < count; i++) {
                out[i] = data.values()[i * 3 * 64];
            }
            return out;
        }
    }
}
