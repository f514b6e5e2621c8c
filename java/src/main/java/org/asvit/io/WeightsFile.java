package org.asvit.io;

import org.asvit.model.AsVitNetwork;
import org.asvit.model.ParameterLayout;
import org.asvit.model.ParameterStore;
import org.asvit.runtime.TensorKind;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Tensor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Network parameters in safetensors files, named as the reference module tree
 * ({@code patch_embed.proj.weight}, ...), so PyTorch state dicts of this architecture load as they are.
 * The project's fixtures store them under the prefix {@value #PREFIX}; both forms are read.
 */
public final class WeightsFile {
    /** Prefix of the parameters in the reference fixtures. */
    public static final String PREFIX = "weights.";

    private WeightsFile() {
    }

    /**
     * Prefix of the fixed inputs ({@code inputs.ntk}, ...) that may share a file with the weights (the
     * README's one-file pattern, {@code --weights X --inputs X}); no module of the network is named so.
     */
    public static final String INPUTS_PREFIX = "inputs.";

    /**
     * The parameters of a file: what lies under {@value #PREFIX} when any name has it, else every tensor
     * except the inputs under {@value #INPUTS_PREFIX}.
     */
    public static SafeTensors parameters(SafeTensors file) {
        boolean prefixed = file.names().stream().anyMatch(n -> n.startsWith(PREFIX));
        if (prefixed) {
            return file.withPrefix(PREFIX);
        }
        Map<String, TensorData> params = new LinkedHashMap<>();
        file.tensors().forEach((name, data) -> {
            if (!name.startsWith(INPUTS_PREFIX)) {
                params.put(name, data);
            }
        });
        return new SafeTensors(file.metadata(), params);
    }

    /**
     * A parameter store holding {@code params} on the given device; every missing, unexpected and
     * wrongly shaped name is reported in one error ({@link ParameterStore#fromValues}).
     */
    public static ParameterStore toStore(SafeTensors params, ParameterLayout layout, TensorKind kind) {
        try (PointerScope scope = new PointerScope()) {
            Map<String, Tensor> values = new LinkedHashMap<>();
            params.tensors().forEach((name, data) -> values.put(name, data.toTensor()));
            return ParameterStore.fromValues(layout, values, kind);
        }
    }

    /**
     * Writes a network's parameters (float32, bare reference names) with metadata {@code arch},
     * {@code img} and {@code classes}, atomically.
     */
    public static void save(Path file, AsVitNetwork network) throws IOException {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        network.parameters().all().forEach((name, t) -> tensors.put(name, TensorData.fromTensor(t)));
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("arch", network.topology().format());
        metadata.put("img", Integer.toString(network.imageSize()));
        metadata.put("classes", Integer.toString(network.classes()));
        SafeTensors.write(file, tensors, metadata);
    }
}
