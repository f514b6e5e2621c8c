package org.asvit.spark;

import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;
import org.asvit.metrics.EvaluationRow;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Evaluator;
import org.asvit.metrics.PortableSettings;
import org.asvit.runtime.TensorKind;

/**
 * The one evaluator of an executor JVM, built the first time a task needs it (and again only when a job
 * brings other settings), shared by the executor's task threads: an {@link Evaluator} is stateless and
 * thread-safe, and each task thread opens its own pointer scope and grad mode.
 *
 * <p>The device: CUDA when the task was given GPU resource addresses ({@code spark.task.resource.gpu.amount}),
 * else the CPU (in local mode: the driver's {@code --device}). asvit computes on the first CUDA device the executor sees, so give each executor one GPU
 * (one executor per GPU, or {@code CUDA_VISIBLE_DEVICES} from the discovery script).
 */
final class ExecutorEvaluator {
    private static ExecutorEvaluator current;

    private final PortableSettings settings;
    private final TensorKind kind;
    private final Evaluator evaluator;
    private final String executor;

    private ExecutorEvaluator(PortableSettings settings, TensorKind kind) {
        this.settings = settings;
        this.kind = kind;
        EvaluationSettings rebuilt = settings.rebuild(kind);
        // The executor runs several tasks at once, each evaluating: each may take its share of the memory budget.
        this.evaluator = new Evaluator(rebuilt.withMemory(rebuilt.memory().sharedBy(concurrentTasks())));
        SparkEnv env = SparkEnv.get();
        this.executor = env == null ? "driver" : env.executorId();
    }

    /** Tasks this JVM runs at once: executor cores over cores per task (every core in local mode). */
    static int concurrentTasks() {
        SparkEnv env = SparkEnv.get();
        if (env == null) {
            return 1;
        }
        int cores = env.conf().getInt("spark.executor.cores", Runtime.getRuntime().availableProcessors());
        return Math.max(1, cores / Math.max(1, env.conf().getInt("spark.task.cpus", 1)));
    }

    static synchronized ExecutorEvaluator forSettings(PortableSettings settings) {
        TensorKind kind = taskDevice(settings);
        if (current == null || !current.settings.equals(settings) || !current.kind.equals(kind)) {
            current = new ExecutorEvaluator(settings, kind);
        }
        return current;
    }

    EvaluationRow run(String arch) {
        return EvaluationRow.run(evaluator, arch);
    }

    String executor() {
        return executor;
    }

    /**
     * CUDA when this task holds GPU addresses, else the CPU; in local mode (tasks run in the driver's JVM,
     * which has no GPU resources to hand out) the driver's device, so that {@code --device cuda} holds.
     */
    static TensorKind taskDevice(PortableSettings settings) {
        TaskContext task = TaskContext.get();
        ResourceInformation gpu = task == null ? null : task.resourcesJMap().get("gpu");
        if (gpu != null && gpu.addresses().length > 0) {
            return TensorKind.CUDA_FLOAT;
        }
        SparkEnv env = SparkEnv.get();
        boolean localMode = env == null || "driver".equals(env.executorId());
        return localMode ? TensorKind.forDevice(settings.device()) : TensorKind.CPU_FLOAT;
    }
}
