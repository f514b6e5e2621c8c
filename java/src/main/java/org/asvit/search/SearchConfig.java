package org.asvit.search;

import org.asvit.InvalidSettingException;
import org.asvit.metrics.EvaluationSettings;
import org.asvit.metrics.Metric;

import java.util.EnumSet;

/**
 * How to search (docs/search-and-scaling.md, 'Search (REINFORCE)'; the paper's setting is 500 steps at 224 px, R = 5).
 *
 * @param steps            REINFORCE steps (one sampled topology each)
 * @param learningRate     Adam's learning rate on the policy's logits (0.08)
 * @param window           values in each reward buffer's range (20)
 * @param baselineMomentum the EMA baseline's momentum (0.9)
 * @param seed             the seed of the policy's initialisation and of every step's sample
 * @param evaluation       how each topology is evaluated: its image size, repeats, NTK batch, device and
 *                         seed (the metrics must include the NTK and the length distortion)
 * @param samplesPerStep   K, the topologies sampled at each step (1: the paper's algorithm); the policy takes
 *                         the mean of their policy gradients
 */
public record SearchConfig(int steps, double learningRate, int window, double baselineMomentum, long seed,
                           EvaluationSettings evaluation, int samplesPerStep) {
    public static final int PAPER_STEPS = 500;
    public static final double PAPER_LEARNING_RATE = 0.08;
    public static final int PAPER_WINDOW = 20;
    public static final double PAPER_MOMENTUM = 0.9;

    public SearchConfig {
        if (steps < 1) {
            throw new InvalidSettingException("{steps} must be at least 1, got " + steps);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new InvalidSettingException("{learningRate} must be a positive number, got " + learningRate);
        }
        if (window < 2) {
            throw new InvalidSettingException("{window} must be at least 2, got " + window);
        }
        if (samplesPerStep < 1) {
            throw new InvalidSettingException("{samplesPerStep} must be at least 1, got " + samplesPerStep);
        }
        if (!evaluation.metrics().containsAll(EnumSet.of(Metric.NTK, Metric.LENGTH))) {
            throw new IllegalArgumentException("the search's reward needs the ntk and length metrics");
        }
    }

    /** One sample per step: the paper's algorithm. */
    public SearchConfig(int steps, double learningRate, int window, double baselineMomentum, long seed,
                        EvaluationSettings evaluation) {
        this(steps, learningRate, window, baselineMomentum, seed, evaluation, 1);
    }

    /** The same search with K samples per step. */
    public SearchConfig withSamplesPerStep(int k) {
        return new SearchConfig(steps, learningRate, window, baselineMomentum, seed, evaluation, k);
    }

    /** The paper's setting at the given evaluation settings. */
    public static SearchConfig paper(EvaluationSettings evaluation, long seed) {
        return new SearchConfig(PAPER_STEPS, PAPER_LEARNING_RATE, PAPER_WINDOW, PAPER_MOMENTUM, seed, evaluation);
    }
}
