package org.asvit.metrics;

import java.util.Map;

/**
 * A backend that lives in another module (the {@code asvit-spark} module's {@code spark}), found with
 * {@link java.util.ServiceLoader} so that the core carries no dependency on it.
 */
public interface EvaluationBackendProvider {

    /** The name after {@code --backend}, e.g. {@code spark}. */
    String name();

    /**
     * A started backend.
     *
     * @param options backend options by name, e.g. {@code master} (absent: the provider's embedded default)
     */
    EvaluationBackend open(Map<String, String> options);
}
