package org.asvit.training;

import org.asvit.io.TensorData;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Batches of an epoch, decoded, resized, augmented and normalised on loader threads ahead of the
 * training step: a bounded queue of {@code prefetch} batches in flight, taken in order. Each batch is a
 * pure function of (seed, epoch, batch index), its images' order and augmentations drawn from
 * {@link RandomStreams}, so the batches are the same whatever the threads' timing.
 *
 * <p>Normalisation maps [0, 1] to [-1, 1] ({@code (x - 0.5) / 0.5} per channel), the same for every data
 * set, so a network trained here sees the same range whatever it is trained on.
 */
public final class BatchLoader implements AutoCloseable {
    private final LabelledImages data;
    private final int side;
    private final int batchSize;
    private final Augmentation augmentation;
    private final RandomStreams random;
    private final int prefetch;
    private final ExecutorService workers;

    /** One batch: images (count, 3, side, side) normalised, and their labels. */
    public record Batch(float[] images, long[] labels, int side) {
        public int count() {
            return labels.length;
        }

        /** The images as a new float32 CPU tensor, in the caller's pointer scope. */
        public Tensor imageTensor() {
            return TensorData.of(new long[] {labels.length, 3, side, side}, images).toTensor();
        }

        /** The labels as a new int64 CPU tensor, in the caller's pointer scope. */
        public Tensor labelTensor() {
            float[] asFloat = new float[labels.length];
            for (int i = 0; i < labels.length; i++) {
                asFloat[i] = labels[i];
            }
            return TensorData.of(new long[] {labels.length}, asFloat).toTensor().to(torch.ScalarType.Long);
        }
    }

    /**
     * @param augmentation null for none (validation, {@code --no-augment})
     * @param threads      loader threads, at least 1
     * @param prefetch     batches decoded ahead of the consumer, at least 1
     */
    public BatchLoader(LabelledImages data, int side, int batchSize, Augmentation augmentation, RandomStreams random,
                       int threads, int prefetch) {
        if (batchSize < 1 || threads < 1 || prefetch < 1) {
            throw new IllegalArgumentException("batch size, loader threads and prefetch must be at least 1, got "
                    + batchSize + ", " + threads + ", " + prefetch);
        }
        this.data = data;
        this.side = side;
        this.batchSize = batchSize;
        this.augmentation = augmentation;
        this.random = random;
        this.prefetch = prefetch;
        AtomicInteger counter = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "asvit-loader-" + counter.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Batches per epoch (the last may be smaller). */
    public int batches() {
        return (data.size() + batchSize - 1) / batchSize;
    }

    public LabelledImages data() {
        return data;
    }

    /**
     * The batches of one epoch, in order. Shuffled with the epoch's order stream when {@code shuffle},
     * else in index order.
     */
    public Epoch epoch(int epoch, boolean shuffle) {
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        if (shuffle) {
            SplittableRandom r = random.order(epoch);
            for (int i = order.length - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
        }
        return new Epoch(epoch, order);
    }

    /** An epoch's batches, decoded ahead on the loader threads. */
    public final class Epoch implements AutoCloseable {
        private final int epoch;
        private final int[] order;
        private final Deque<Future<Batch>> queue = new ArrayDeque<>();
        private int submitted;
        private int taken;

        private Epoch(int epoch, int[] order) {
            this.epoch = epoch;
            this.order = order;
            while (submitted < batches() && queue.size() < prefetch) {
                submitNext();
            }
        }

        private void submitNext() {
            int index = submitted++;
            queue.addLast(workers.submit(() -> build(index)));
        }

        public boolean hasNext() {
            return taken < batches();
        }

        /**
         * The next batch, waiting for it if the loaders are behind.
         *
         * @throws IOException when an image of the batch cannot be decoded
         */
        public Batch next() throws IOException {
            Future<Batch> next = queue.pollFirst();
            if (next == null) {
                throw new IllegalStateException("epoch " + epoch + " has no more batches");
            }
            if (submitted < batches()) {
                submitNext();
            }
            taken++;
            try {
                return next.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while loading a batch", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof UncheckedIOException u) {
                    throw u.getCause();
                }
                if (cause instanceof RuntimeException r) {
                    throw r;
                }
                throw new IOException(cause.getMessage(), cause);
            }
        }

        private Batch build(int index) {
            int start = index * batchSize;
            int count = Math.min(batchSize, order.length - start);
            int perImage = 3 * side * side;
            float[] images = new float[count * perImage];
            long[] labels = new long[count];
            for (int k = 0; k < count; k++) {
                int position = start + k;
                int item = order[position];
                float[] image;
                try {
                    image = data.image(item, side);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (augmentation != null) {
                    image = augmentation.apply(image, side, random.augmentation(epoch, position));
                }
                for (int i = 0; i < perImage; i++) {
                    images[k * perImage + i] = (image[i] - 0.5f) / 0.5f;
                }
                labels[k] = data.label(item);
            }
            return new Batch(images, labels, side);
        }

        /** Cancels the batches still in flight (an epoch left early). */
        @Override
        public void close() {
            queue.forEach(f -> f.cancel(true));
            queue.clear();
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
