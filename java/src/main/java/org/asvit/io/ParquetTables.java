package org.asvit.io;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Parquet files of flat rows, written and read by a provider found on the class path with
 * {@link ServiceLoader}: the asvit-spark module's, since Parquet's libraries come with Spark, and the core
 * keeps no dependency on them. Rows are JSON objects whose fields follow the columns; a missing or null
 * field is a null cell.
 */
public interface ParquetTables {

    /** The type of one column. */
    enum ColumnType { STRING, INT, LONG, DOUBLE, DOUBLE_LIST }

    /** One column: its name and type; every column but the first may be null. */
    record Column(String name, ColumnType type) {
    }

    /** Writes {@code rows} as one Parquet file, atomically: {@code file} is complete or untouched. */
    void write(Path file, List<Column> columns, List<ObjectNode> rows) throws IOException;

    /** The rows of a Parquet file written by {@link #write}, with the columns it holds. */
    List<ObjectNode> read(Path file) throws IOException;

    /**
     * The provider on the class path.
     *
     * @throws IllegalArgumentException saying how to put one there
     */
    static ParquetTables find() {
        for (ParquetTables p : ServiceLoader.load(ParquetTables.class)) {
            return p;
        }
        throw new IllegalArgumentException("Parquet output needs the asvit-spark module and Spark on the class path "
                + "(Parquet's libraries come with Spark): run ./asvit with ASVIT_SPARK=1, or write FILE.csv or FILE.jsonl");
    }
}
