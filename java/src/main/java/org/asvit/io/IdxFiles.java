package org.asvit.io;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * The MNIST IDX format (LeCun's {@code *-images-idx3-ubyte} and {@code *-labels-idx1-ubyte}), plain or
 * gzipped (recognised by the gzip magic bytes, whatever the file is called). Big-endian header: a magic
 * number whose low bytes give the element type (0x08, unsigned byte) and the number of axes, then one
 * 32-bit size per axis, then the values.
 */
public final class IdxFiles {
    /** Magic of an unsigned-byte file with 3 axes (images: count, rows, columns). */
    public static final int IMAGES_MAGIC = 0x00000803;
    /** Magic of an unsigned-byte file with 1 axis (labels). */
    public static final int LABELS_MAGIC = 0x00000801;

    private IdxFiles() {
    }

    /**
     * Grey images, row-major, one unsigned byte per pixel.
     *
     * @param count  images
     * @param rows   height
     * @param cols   width
     * @param pixels {@code count * rows * cols} bytes, image after image
     */
    public record Images(int count, int rows, int cols, byte[] pixels) {
    }

    /**
     * Reads an images file.
     *
     * @throws IOException naming the file when it is missing, truncated or not an IDX images file
     */
    public static Images readImages(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            magic(in, file, IMAGES_MAGIC, "images");
            int count = size(in, file);
            int rows = size(in, file);
            int cols = size(in, file);
            long total = (long) count * rows * cols;
            if (total > Integer.MAX_VALUE - 8) {
                throw new IOException("IDX images file " + file + " holds " + total + " pixels, too many for one array");
            }
            byte[] pixels = new byte[(int) total];
            readFully(in, pixels, file, count + " images of " + rows + " x " + cols);
            return new Images(count, rows, cols, pixels);
        }
    }

    /**
     * Reads a labels file.
     *
     * @throws IOException naming the file when it is missing, truncated or not an IDX labels file
     */
    public static byte[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            magic(in, file, LABELS_MAGIC, "labels");
            int count = size(in, file);
            byte[] labels = new byte[count];
            readFully(in, labels, file, count + " labels");
            return labels;
        }
    }

    /** Writes an unsigned-byte IDX file (for tests and tools): the magic for its axes, the sizes, the values. */
    public static void write(Path file, byte[] values, int... sizes) throws IOException {
        long expected = 1;
        for (int s : sizes) {
            expected *= s;
        }
        if (expected != values.length) {
            throw new IllegalArgumentException("sizes give " + expected + " values, got " + values.length);
        }
        AtomicFiles.write(file, out -> {
            DataOutputStream data = new DataOutputStream(out);
            data.writeInt(0x0800 | sizes.length);
            for (int s : sizes) {
                data.writeInt(s);
            }
            data.write(values);
            data.flush();
        });
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "IDX file does not exist");
        }
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int first = raw.read();
        int second = raw.read();
        raw.reset();
        boolean gzipped = first == 0x1f && second == 0x8b;
        return new DataInputStream(gzipped ? new BufferedInputStream(new GZIPInputStream(raw), 1 << 16) : raw);
    }

    private static void magic(DataInputStream in, Path file, int expected, String what) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new IOException("IDX file " + file + " is too short to hold a header");
        }
        if (magic != expected) {
            throw new IOException(String.format("%s is not an IDX %s file: magic number 0x%08x, expected 0x%08x "
                    + "(unsigned bytes, %d axes)", file, what, magic, expected, expected & 0xff));
        }
    }

    private static int size(DataInputStream in, Path file) throws IOException {
        try {
            int size = in.readInt();
            if (size < 0) {
                throw new IOException("IDX file " + file + " has a negative size in its header: " + size);
            }
            return size;
        } catch (EOFException e) {
            throw new IOException("IDX file " + file + " ends inside its header");
        }
    }

    private static void readFully(DataInputStream in, byte[] into, Path file, String what) throws IOException {
        try {
            in.readFully(into);
        } catch (EOFException e) {
            throw new IOException("IDX file " + file + " is truncated: its header announces " + what);
        }
    }
}
