package org.asvit;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A setting outside its accepted values. The message names each setting as the library's API does (a record
 * component or parameter name, e.g. {@code samplesPerStep}); a front end that calls the settings something
 * else (the command line's flags) rebuilds the same message with its own names through
 * {@link #messageNaming(Function)}.
 */
public class InvalidSettingException extends IllegalArgumentException {
    private static final Pattern SETTING = Pattern.compile("\\{([A-Za-z]+)}");

    private final String template;

    /**
     * @param template the message, each setting written as {@code {name}}, e.g.
     *                 {@code "{steps} must be at least 1, got 0"}
     */
    public InvalidSettingException(String template) {
        super(fill(template, Function.identity()));
        this.template = template;
    }

    /** As {@link #InvalidSettingException(String)}, with the exception that caused it. */
    public InvalidSettingException(String template, Throwable cause) {
        super(fill(template, Function.identity()), cause);
        this.template = template;
    }

    /** The message with each setting named by {@code names} (given the library's name of it). */
    public String messageNaming(Function<String, String> names) {
        return fill(template, names);
    }

    private static String fill(String template, Function<String, String> names) {
        Matcher m = SETTING.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(names.apply(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }
}
