package org.asvit.training;

import org.asvit.io.SafeTensors;
import org.asvit.io.TensorData;
import org.asvit.io.WeightsFile;
import org.asvit.model.AsVitNetwork;
import org.asvit.model.ParameterLayout;
import org.asvit.runtime.TensorKind;
import org.asvit.topology.Topology;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The tensors of a training checkpoint in one safetensors file: the network's parameters under
 * {@value WeightsFile#PREFIX} (reference names, so {@code evaluate --weights} reads the file as it is),
 * AdamW's moments under {@value AdamW#FIRST_MOMENT} and {@value AdamW#SECOND_MOMENT}, and metadata
 * {@code arch}, {@code img}, {@code classes} and {@code optimizerSteps}. Nothing else is needed to
 * continue: the learning rate is a function of the step and every random stream a function of the seed,
 * epoch and position ({@link RandomStreams}).
 */
public final class TrainingCheckpoint {
    static final String STEPS = "optimizerSteps";

    private TrainingCheckpoint() {
    }

    /** Writes the network's and the optimiser's state, atomically. */
    public static void write(Path file, AsVitNetwork network, AdamW optimizer) throws IOException {
        Map<String, TensorData> tensors = new LinkedHashMap<>();
        network.parameters().all().forEach((name, t) -> tensors.put(WeightsFile.PREFIX + name, TensorData.fromTensor(t)));
        tensors.putAll(optimizer.state());
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put("arch", network.topology().format());
        metadata.put("img", Integer.toString(network.imageSize()));
        metadata.put("classes", Integer.toString(network.classes()));
        metadata.put(STEPS, Long.toString(optimizer.steps()));
        SafeTensors.write(file, tensors, metadata);
    }

    /** A network over the checkpoint's parameters (which must fit the topology exactly). */
    public static AsVitNetwork network(SafeTensors checkpoint, Topology topology, int imageSize, int classes,
                                       TensorKind kind) {
        ParameterLayout layout = ParameterLayout.of(topology, classes);
        return AsVitNetwork.over(topology, imageSize, classes,
                WeightsFile.toStore(checkpoint.withPrefix(WeightsFile.PREFIX), layout, kind));
    }

    /** Restores the optimiser's moments and step count from the checkpoint. */
    public static void restore(SafeTensors checkpoint, AdamW optimizer) {
        String steps = checkpoint.metadata().get(STEPS);
        if (steps == null) {
            throw new IllegalArgumentException("checkpoint has no " + STEPS + " metadata; it is not a training checkpoint");
        }
        optimizer.restore(checkpoint.tensors(), Long.parseLong(steps));
    }
}
