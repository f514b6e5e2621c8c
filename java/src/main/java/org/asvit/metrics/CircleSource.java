package org.asvit.metrics;

import org.asvit.io.TensorData;
import org.asvit.runtime.TensorKind;

/** Where each repeat's circle comes from. Tensors are created in the caller's pointer scope. */
public interface CircleSource {

    Circle circle(int repeat, int imageSize, TensorKind kind);

    String describe();

    /** The reference's construction with a seeded generator; every repeat draws its own circle. */
    static CircleSource seeded(long seed, int points) {
        return new Seeded(seed, points);
    }

    /** {@link #seeded}: named, so that the settings can be described to another JVM. */
    record Seeded(long seed, int points) implements CircleSource {
        @Override
        public Circle circle(int repeat, int imageSize, TensorKind kind) {
            return Circle.seeded(imageSize, points, Seeds.circle(seed, repeat), kind);
        }

        @Override
        public String describe() {
            return "seeded circle (seed " + seed + ", " + points + " angles)";
        }
    }

    /** A fixed circle ({@code inputs.curve_basis} and {@code inputs.theta} of a safetensors file). */
    static CircleSource fixed(TensorData basis, double[] theta, String description) {
        return new CircleSource() {
            @Override
            public Circle circle(int repeat, int imageSize, TensorKind kind) {
                if (basis.shape()[2] != imageSize) {
                    throw new IllegalArgumentException("circle basis from " + description + " is for image size "
                            + basis.shape()[2] + ", not " + imageSize);
                }
                return new Circle(kind.convert(basis.toTensor()), theta);
            }

            @Override
            public String describe() {
                return description;
            }
        };
    }
}
