package org.asvit.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.asvit.io.SafeTensors;
import org.asvit.io.TensorData;
import org.asvit.io.WeightsFile;
import org.asvit.model.AsVitNetwork;
import org.asvit.model.ParameterLayout;
import org.asvit.model.ParameterStore;
import org.asvit.runtime.TensorKind;
import org.asvit.topology.Topology;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * One golden fixture produced by the authors' PyTorch code (see fixtures/README.md in the test
 * resources): weights, the exact inputs, intermediate tensors and scalar results.
 */
public final class ReferenceFixture {
    public static final String SEED = "seed_c16_64";
    public static final String RANDOM = "rand_c20_64";

    private final String name;
    private final SafeTensors tensors;
    private final JsonNode scalars;

    private ReferenceFixture(String name, SafeTensors tensors, JsonNode scalars) {
        this.name = name;
        this.tensors = tensors;
        this.scalars = scalars;
    }

    public static ReferenceFixture load(String name) {
        try {
            Path dir = Path.of(ReferenceFixture.class.getResource("/fixtures/" + name + ".json").toURI()).getParent();
            SafeTensors tensors = SafeTensors.read(dir.resolve(name + ".safetensors"));
            JsonNode scalars = new ObjectMapper().readTree(dir.resolve(name + ".json").toFile());
            return new ReferenceFixture(name, tensors, scalars);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public static Path path(String fileName) {
        try {
            return Path.of(ReferenceFixture.class.getResource("/fixtures/" + fileName).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public String name() {
        return name;
    }

    public Topology topology() {
        return Topology.parse(scalars.get("arch").asText());
    }

    public int imageSize() {
        return scalars.get("img").asInt();
    }

    public int classes() {
        return scalars.get("classes").asInt();
    }

    public double scalar(String key) {
        return scalars.get(key).asDouble();
    }

    public TensorData tensor(String name) {
        return tensors.get(name);
    }

    public double[] doubles(String name) {
        float[] v = tensors.get(name).values();
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i];
        }
        return out;
    }

    /** The fixture's network with its weights, in the given kind. */
    public AsVitNetwork network(TensorKind kind) {
        ParameterStore params = WeightsFile.toStore(WeightsFile.parameters(tensors),
                ParameterLayout.of(topology(), classes()), kind);
        return AsVitNetwork.over(topology(), imageSize(), classes(), params);
    }
}
