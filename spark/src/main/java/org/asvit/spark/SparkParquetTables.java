package org.asvit.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.PositionOutputStream;
import org.apache.parquet.schema.GroupType;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;
import org.asvit.io.AtomicFiles;
import org.asvit.io.ParquetTables;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parquet tables through the Parquet libraries that come with Spark (parquet-hadoop's example object
 * model), without starting a Spark session. Strings are UTF-8 binaries, lists are Parquet's standard
 * three-level LIST of optional doubles, and the file is written atomically ({@link AtomicFiles}).
 */
public final class SparkParquetTables implements ParquetTables {
    private static final String SCHEMA_NAME = "asvit_rows";
    private static final String LIST = "list";
    private static final String ELEMENT = "element";

    @Override
    public void write(Path file, List<Column> columns, List<ObjectNode> rows) throws IOException {
        MessageType schema = schema(columns);
        SimpleGroupFactory groups = new SimpleGroupFactory(schema);
        AtomicFiles.write(file, out -> {
            try (ParquetWriter<Group> writer = ExampleParquetWriter.builder(new StreamOutputFile(out))
                    .withConf(new Configuration(false)).withType(schema)
                    .withCompressionCodec(CompressionCodecName.SNAPPY).build()) {
                for (ObjectNode row : rows) {
                    writer.write(group(groups.newGroup(), columns, row));
                }
            }
        });
    }

    @Override
    public List<ObjectNode> read(Path file) throws IOException {
        List<ObjectNode> rows = new ArrayList<>();
        try (ParquetReader<Group> reader = ParquetReader.builder(new GroupReadSupport(),
                new org.apache.hadoop.fs.Path(file.toAbsolutePath().toUri())).withConf(new Configuration(false)).build()) {
            for (Group g = reader.read(); g != null; g = reader.read()) {
                rows.add(node(g));
            }
        } catch (RuntimeException e) {
            throw new IOException(file + " is not a Parquet file asvit can read: " + e.getMessage(), e);
        }
        return rows;
    }

    /** Parquet's output over the stream {@link AtomicFiles} writes to its temporary file. */
    private record StreamOutputFile(OutputStream out) implements OutputFile {
        @Override
        public PositionOutputStream create(long blockSizeHint) {
            return createOrOverwrite(blockSizeHint);
        }

        @Override
        public PositionOutputStream createOrOverwrite(long blockSizeHint) {
            return new PositionOutputStream() {
                private long position;

                @Override
                public long getPos() {
                    return position;
                }

                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    position++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    position += len;
                }

                @Override
                public void flush() throws IOException {
                    out.flush();
                }
            };
        }

        @Override
        public boolean supportsBlockSize() {
            return false;
        }

        @Override
        public long defaultBlockSize() {
            return 0;
        }
    }

    private static MessageType schema(List<Column> columns) {
        Types.MessageTypeBuilder b = Types.buildMessage();
        for (int i = 0; i < columns.size(); i++) {
            Column c = columns.get(i);
            Type.Repetition repetition = i == 0 ? Type.Repetition.REQUIRED : Type.Repetition.OPTIONAL;
            switch (c.type()) {
                case STRING -> b.primitive(PrimitiveTypeName.BINARY, repetition).as(LogicalTypeAnnotation.stringType())
                        .named(c.name());
                case INT -> b.primitive(PrimitiveTypeName.INT32, repetition).named(c.name());
                case LONG -> b.primitive(PrimitiveTypeName.INT64, repetition).named(c.name());
                case DOUBLE -> b.primitive(PrimitiveTypeName.DOUBLE, repetition).named(c.name());
                case DOUBLE_LIST -> b.list(repetition).optionalElement(PrimitiveTypeName.DOUBLE).named(c.name());
            }
        }
        return b.named(SCHEMA_NAME);
    }

    private static Group group(Group g, List<Column> columns, ObjectNode row) {
        for (Column c : columns) {
            JsonNode v = row.get(c.name());
            if (v == null || v.isNull()) {
                continue;
            }
            switch (c.type()) {
                case STRING -> g.append(c.name(), v.asText());
                case INT -> g.append(c.name(), v.asInt());
                case LONG -> g.append(c.name(), v.asLong());
                case DOUBLE -> g.append(c.name(), v.asDouble());
                case DOUBLE_LIST -> {
                    Group list = g.addGroup(c.name());
                    for (JsonNode e : v) {
                        Group element = list.addGroup(LIST);
                        if (!e.isNull()) {
                            element.append(ELEMENT, e.asDouble());
                        }
                    }
                }
            }
        }
        return g;
    }

    private static ObjectNode node(Group g) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        GroupType type = g.getType();
        for (int i = 0; i < type.getFieldCount(); i++) {
            Type field = type.getType(i);
            String name = field.getName();
            if (g.getFieldRepetitionCount(i) == 0) {
                n.putNull(name);
            } else if (!field.isPrimitive()) {
                ArrayNode values = n.putArray(name);
                Group list = g.getGroup(i, 0);
                for (int k = 0; k < list.getFieldRepetitionCount(LIST); k++) {
                    Group element = list.getGroup(LIST, k);
                    if (element.getFieldRepetitionCount(ELEMENT) == 0) {
                        values.addNull();
                    } else {
                        values.add(element.getDouble(ELEMENT, 0));
                    }
                }
            } else {
                switch (field.asPrimitiveType().getPrimitiveTypeName()) {
                    case BINARY -> n.put(name, g.getString(i, 0));
                    case INT32 -> n.put(name, g.getInteger(i, 0));
                    case INT64 -> n.put(name, g.getLong(i, 0));
                    case DOUBLE -> n.put(name, g.getDouble(i, 0));
                    default -> throw new IllegalStateException("unexpected Parquet column " + field);
                }
            }
        }
        return n;
    }
}
