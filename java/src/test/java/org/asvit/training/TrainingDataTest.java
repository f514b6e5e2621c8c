package org.asvit.training;

import org.asvit.io.IdxFiles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** IDX files, ImageFolder trees and the SPEC forms, with every bad-data error. */
@Tag("fast")
class TrainingDataTest {
    @TempDir
    Path dir;

    /** Three 2 x 2 images with known pixels, labels 1, 0, 2. */
    private static final byte[] PIXELS = {0, (byte) 255, 51, 102, 10, 20, 30, 40, (byte) 200, 0, 0, (byte) 255};
    private static final byte[] LABELS = {1, 0, 2};

    private void writeIdx(String prefix, boolean gzip) throws IOException {
        IdxFiles.write(dir.resolve(prefix + "-images-idx3-ubyte"), PIXELS, 3, 2, 2);
        IdxFiles.write(dir.resolve(prefix + "-labels-idx1-ubyte"), LABELS, 3);
        if (gzip) {
            for (String kind : new String[] {"-images-idx3-ubyte", "-labels-idx1-ubyte"}) {
                Path plain = dir.resolve(prefix + kind);
                try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve(prefix + kind + ".gz")))) {
                    out.write(Files.readAllBytes(plain));
                }
                Files.delete(plain);
            }
        }
    }

    @Test
    void idxPlainAndGzippedReadTheSameValuesGreyReplicated() throws IOException {
        writeIdx("train", false);
        writeIdx("t10k", true);
        LabelledImages plain = DataSources.open(dir.toString(), DataSources.Role.TRAINING);
        LabelledImages gz = DataSources.open(dir.toString(), DataSources.Role.VALIDATION);
        assertTrue(DataSources.hasIdxValidation(dir.toString()));
        for (LabelledImages data : List.of(plain, gz)) {
            assertEquals(3, data.size());
            assertEquals(List.of("0", "1", "2"), data.classes());
            assertEquals(1, data.label(0));
            assertEquals(2, data.label(2));
            float[] image = data.image(0, 2);
            float[] expected = {0f, 1f, 51 / 255f, 102 / 255f};
            for (int c = 0; c < 3; c++) {
                assertArrayEquals(expected, java.util.Arrays.copyOfRange(image, 4 * c, 4 * c + 4), 1e-7f);
            }
        }
        DataSources.requireSameClasses(plain, gz);
        LabelledImages pair = DataSources.open(dir.resolve("train-images-idx3-ubyte") + ","
                + dir.resolve("train-labels-idx1-ubyte"), DataSources.Role.TRAINING);
        assertEquals(3, pair.size());
        // Resized: a constant image stays constant.
        assertEquals(16 * 3, plain.image(1, 4).length);
    }

    @Test
    void idxErrorsNameTheProblem() throws IOException {
        IdxFiles.write(dir.resolve("a-images-idx3-ubyte"), PIXELS, 3, 2, 2);
        IdxFiles.write(dir.resolve("a-labels-idx1-ubyte"), new byte[] {0, 1}, 2);
        IOException counts = assertThrows(IOException.class, () -> IdxDataset.read(dir.resolve("a-images-idx3-ubyte"),
                dir.resolve("a-labels-idx1-ubyte")));
        assertTrue(counts.getMessage().contains("holds 3 images but") && counts.getMessage().contains("holds 2 labels"),
                counts.getMessage());

        IOException magic = assertThrows(IOException.class, () -> IdxDataset.read(dir.resolve("a-labels-idx1-ubyte"),
                dir.resolve("a-labels-idx1-ubyte")));
        assertTrue(magic.getMessage().contains("magic number 0x00000801, expected 0x00000803"), magic.getMessage());

        byte[] whole = Files.readAllBytes(dir.resolve("a-images-idx3-ubyte"));
        Files.write(dir.resolve("cut-images-idx3-ubyte"), java.util.Arrays.copyOf(whole, whole.length - 1));
        IOException truncated = assertThrows(IOException.class,
                () -> IdxFiles.readImages(dir.resolve("cut-images-idx3-ubyte")));
        assertTrue(truncated.getMessage().contains("truncated") && truncated.getMessage().contains("3 images of 2 x 2"),
                truncated.getMessage());

        IOException missingPair = assertThrows(IOException.class,
                () -> DataSources.open(dir.toString(), DataSources.Role.TRAINING));
        assertTrue(missingPair.getMessage().contains("lacks train-images-idx3-ubyte"), missingPair.getMessage());
    }

    private void png(Path file, int grey) throws IOException {
        Files.createDirectories(file.getParent());
        BufferedImage image = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                image.setRGB(x, y, (grey << 16) | ((x * 60) << 8) | (y * 60));
            }
        }
        ImageIO.write(image, "png", file.toFile());
    }

    @Test
    void imageFolderTreeIsReadWithClassesSortedByName() throws IOException {
        png(dir.resolve("train/cat/a.png"), 10);
        png(dir.resolve("train/cat/b.png"), 20);
        png(dir.resolve("train/ant/x.png"), 30);
        LabelledImages data = DataSources.open(dir.resolve("train").toString(), DataSources.Role.TRAINING);
        assertEquals(List.of("ant", "cat"), data.classes());
        assertEquals(3, data.size());
        assertEquals(0, data.label(0));
        assertEquals(1, data.label(2));
        float[] image = data.image(0, 4);
        assertEquals(30 / 255f, image[0], 1e-7f, "red plane of ant/x.png");
        assertEquals(60 / 255f, image[16 + 1], 1e-7f, "green plane, x = 1");
        assertEquals(120 / 255f, image[32 + 8], 1e-7f, "blue plane, y = 2");
    }

    @Test
    void badImageFoldersFailClearly() throws IOException {
        png(dir.resolve("empty/a/one.png"), 1);
        Files.createDirectories(dir.resolve("empty/b"));
        IOException empty = assertThrows(IOException.class,
                () -> DataSources.open(dir.resolve("empty").toString(), DataSources.Role.TRAINING));
        assertTrue(empty.getMessage().contains("class folder") && empty.getMessage().contains("holds no images"),
                empty.getMessage());

        png(dir.resolve("broken/a/good.png"), 1);
        Files.createDirectories(dir.resolve("broken/b"));
        Files.writeString(dir.resolve("broken/b/bad.png"), "not a png");
        LabelledImages broken = DataSources.open(dir.resolve("broken").toString(), DataSources.Role.TRAINING);
        IOException unreadable = assertThrows(IOException.class, () -> broken.image(1, 4));
        assertTrue(unreadable.getMessage().contains("cannot decode image") && unreadable.getMessage().contains("bad.png"),
                unreadable.getMessage());

        png(dir.resolve("val/a/one.png"), 1);
        png(dir.resolve("val/c/one.png"), 1);
        LabelledImages validation = DataSources.open(dir.resolve("val").toString(), DataSources.Role.VALIDATION);
        IllegalArgumentException classes = assertThrows(IllegalArgumentException.class,
                () -> DataSources.requireSameClasses(broken, validation));
        assertTrue(classes.getMessage().contains("only in training: [b]")
                && classes.getMessage().contains("only in validation: [c]"), classes.getMessage());

        png(dir.resolve("flat/one.png"), 1);
        IOException flat = assertThrows(IOException.class,
                () -> DataSources.open(dir.resolve("flat").toString(), DataSources.Role.TRAINING));
        assertTrue(flat.getMessage().contains("no class subfolders"), flat.getMessage());
    }

    @Test
    void batchesAreTheSameWhateverTheThreadsAndAugmentationShiftsAndFlips() throws IOException {
        png(dir.resolve("t/a/1.png"), 10);
        png(dir.resolve("t/a/2.png"), 90);
        png(dir.resolve("t/b/1.png"), 170);
        png(dir.resolve("t/b/2.png"), 250);
        png(dir.resolve("t/b/3.png"), 40);
        LabelledImages data = DataSources.open(dir.resolve("t").toString(), DataSources.Role.TRAINING);
        RandomStreams random = new RandomStreams(3);
        float[] one;
        float[] two;
        try (BatchLoader a = new BatchLoader(data, 4, 2, new Augmentation(1), random, 1, 1);
             BatchLoader b = new BatchLoader(data, 4, 2, new Augmentation(1), random, 3, 5)) {
            assertEquals(3, a.batches());
            one = concat(a.epoch(2, true));
            two = concat(b.epoch(2, true));
            assertArrayEquals(one, two);
            float[] other = concat(a.epoch(3, true));
            assertTrue(!java.util.Arrays.equals(one, other), "another epoch, another order and augmentation");
        }

        float[] image = new float[3 * 9];
        for (int i = 0; i < image.length; i++) {
            image[i] = i;
        }
        float[] shifted = Augmentation.shiftAndFlip(image, 3, 1, 0, false);
        assertArrayEquals(new float[] {3, 4, 5, 6, 7, 8, 0, 0, 0}, java.util.Arrays.copyOf(shifted, 9));
        float[] flipped = Augmentation.shiftAndFlip(image, 3, 0, 0, true);
        assertArrayEquals(new float[] {2, 1, 0, 5, 4, 3, 8, 7, 6}, java.util.Arrays.copyOf(flipped, 9));
    }

    private static float[] concat(BatchLoader.Epoch epoch) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.util.List<Float> all = new java.util.ArrayList<>();
        try (epoch) {
            while (epoch.hasNext()) {
                BatchLoader.Batch batch = epoch.next();
                for (float f : batch.images()) {
                    all.add(f);
                }
                for (long l : batch.labels()) {
                    all.add((float) l);
                }
            }
        }
        float[] out = new float[all.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = all.get(i);
        }
        return out;
    }
}
