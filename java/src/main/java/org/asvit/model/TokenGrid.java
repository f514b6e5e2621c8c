package org.asvit.model;

import org.bytedeco.pytorch.Tensor;

/** Geometry of a square token grid stored as (rows, R*R, C), row-major over (y, x). */
final class TokenGrid {
    private TokenGrid() {
    }

    /** R, from the token count R*R. */
    static long side(Tensor tokens) {
        long count = tokens.size(1);
        long side = Math.round(Math.sqrt((double) count));
        if (side * side != count) {
            throw new IllegalStateException("token count " + count + " is not a square grid");
        }
        return side;
    }

    /**
     * The window side used on a grid of side R: the configured side, clipped to the grid (one window).
     * The grid must be a whole number of windows.
     */
    static int window(long grid, int configured) {
        int w = (int) Math.min(configured, grid);
        if (grid % w != 0) {
            throw new IllegalStateException("token grid " + grid + " is not a whole number of " + w
                    + "x" + w + " windows");
        }
        return w;
    }

    /** (rows, R*R, C) to (rows * (R/w)^2, w*w, C), windows of one row consecutive. */
    static Tensor partition(Tensor x, long grid, int window) {
        long c = x.size(2);
        if (window == grid) {
            return x;
        }
        long n = grid / window;
        return x.reshape(-1, n, window, n, window, c).permute(0, 1, 3, 2, 4, 5).reshape(-1, (long) window * window, c);
    }

    /** The inverse of {@link #partition}. */
    static Tensor merge(Tensor windows, long grid, int window) {
        long c = windows.size(2);
        if (window == grid) {
            return windows;
        }
        long n = grid / window;
        return windows.reshape(-1, n, n, window, window, c).permute(0, 1, 3, 2, 4, 5).reshape(-1, grid * grid, c);
    }
}
