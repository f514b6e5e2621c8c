package org.asvit.metrics;

import org.asvit.model.AsVitNetwork;
import org.asvit.model.ForwardContext;
import org.asvit.model.Jet;
import org.asvit.model.NormMode;
import org.asvit.runtime.TensorKind;
import org.asvit.runtime.Tensors;
import org.asvit.testing.Approx;
import org.asvit.topology.Topology;
import org.bytedeco.javacpp.PointerScope;
import org.bytedeco.pytorch.Dispatcher;
import org.bytedeco.pytorch.IValue;
import org.bytedeco.pytorch.IValueVector;
import org.bytedeco.pytorch.Tensor;
import org.bytedeco.pytorch.global.torch;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The curve velocity from asvit's jets equals libtorch's own forward-mode AD (dual tensors through the
 * boxed dispatcher, {@code aten::_make_dual} / {@code aten::_unpack_dual}) on the plain forward.
 */
@Tag("fast")
class ForwardModeCrossCheckTest {

    @Test
    void jetVelocityEqualsLibtorchDualTensorJvp() {
        Topology topology = Topology.parse("6,4,3,1|3,2,2,2|4,1,5,1|2,1,3,1|32,12");
        try (AsVitNetwork net = AsVitNetwork.initialised(topology, 64, 10, 21, TensorKind.CPU_DOUBLE);
             PointerScope scope = new PointerScope()) {
            Circle circle = Circle.seeded(64, 10, 4, TensorKind.CPU_DOUBLE);
            double[] jets = CurveDerivatives.compute(net, circle, false).velocity();

            Tensor x = circle.points(TensorKind.CPU_DOUBLE);
            Tensor dx = circle.tangents(TensorKind.CPU_DOUBLE);
            long level = torch.enter_dual_level();
            double[] dual;
            try {
                IValueVector made = new IValueVector(new IValue(x), new IValue(dx), new IValue(level));
                Dispatcher.singleton().findSchemaOrThrow("aten::_make_dual", "").callBoxed(made);
                Tensor features = net.rawFeatures(Jet.of(made.get(0).toTensor()), ForwardContext.of(NormMode.IDENTITY))
                        .value();
                IValueVector unpacked = new IValueVector(new IValue(features), new IValue(level));
                Dispatcher.singleton().findSchemaOrThrow("aten::_unpack_dual", "").callBoxed(unpacked);
                dual = Tensors.toDoubles(unpacked.get(1).toTensor());
            } finally {
                torch.exit_dual_level(level);
            }
            Approx.assertCloseToMax(dual, jets, 1e-12, "v: jets against libtorch forward-mode AD");
        }
    }
}
