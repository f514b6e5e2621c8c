package org.asvit.metrics;

import org.asvit.InvalidSettingException;
import java.util.Map;
import java.util.ServiceLoader;

/** The backend named on the command line: {@code local}, {@code threads:N} or a provider's name ({@code spark}). */
public final class EvaluationBackends {
    public static final String ACCEPTED = "local, threads:N (N >= 1) or spark (needs the asvit-spark module on the "
            + "class path, as ./asvit puts it)";

    private EvaluationBackends() {
    }

    /**
     * Opens the backend {@code spec} names.
     *
     * @param options provider options (e.g. {@code master}); ignored by local and threads
     * @throws IllegalArgumentException for an unknown name, a bad thread count, or a provider that is not installed
     */
    public static EvaluationBackend open(String spec, Map<String, String> options) {
        String s = spec.strip();
        if (s.equals("local")) {
            return EvaluationBackend.callingThread();
        }
        if (s.startsWith("threads:")) {
            int n;
            try {
                n = Integer.parseInt(s.substring("threads:".length()));
            } catch (NumberFormatException e) {
                throw new InvalidSettingException("{backend} " + spec + ": the thread count must be an integer; accepted: "
                        + ACCEPTED);
            }
            if (n < 1) {
                throw new InvalidSettingException("{backend} " + spec + ": at least one thread; accepted: " + ACCEPTED);
            }
            return new ThreadPoolBackend(n);
        }
        for (EvaluationBackendProvider p : ServiceLoader.load(EvaluationBackendProvider.class)) {
            if (p.name().equals(s)) {
                return p.open(options);
            }
        }
        if (s.equals("spark")) {
            throw new InvalidSettingException("{backend} spark: the asvit-spark module is not on the class path (run "
                    + "through ./asvit, which adds it, or build it with mvn -pl spark -am package)");
        }
        throw new InvalidSettingException("unknown {backend} '" + spec + "'; accepted: " + ACCEPTED);
    }
}
