package org.asvit.cli;

import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.asvit.io.AtomicFiles;
import org.asvit.io.RunFolder;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line's views of a run: CSV tables and PNG plots written into a library {@link RunFolder}
 * beside its JSON outputs, atomically. They live here so that the library carries no CSV or chart dependency.
 */
final class RunFiles {
    private static final CsvMapper CSV = new CsvMapper();

    private RunFiles() {
    }

    /**
     * Writes a table as CSV with a header line. Each row maps column names to values; columns missing from a
     * row are left empty, and non-finite numbers are written empty.
     */
    static void writeCsv(RunFolder run, String name, List<String> columns, List<? extends Map<String, ?>> rows)
            throws IOException {
        CsvSchema.Builder schema = CsvSchema.builder().setUseHeader(true);
        columns.forEach(schema::addColumn);
        List<Map<String, Object>> cleaned = rows.stream().map(row -> {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (String column : columns) {
                Object value = row.get(column);
                copy.put(column, value instanceof Double d && !Double.isFinite(d) ? null : value);
            }
            return copy;
        }).toList();
        AtomicFiles.write(run.file(name), out -> CSV.writer(schema.build()).writeValue(out, cleaned));
    }

    /** Writes an image as PNG. */
    static void writePng(RunFolder run, String name, BufferedImage image) throws IOException {
        AtomicFiles.write(run.file(name), out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer available");
            }
        });
    }
}
