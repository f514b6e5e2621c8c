package org.asvit.topology;

/**
 * A topology string, topology value or image size that As-ViT cannot build. The message names the
 * offending field, the value it got, the values it accepts and the whole topology it came from, so
 * that a command-line user can fix the input without reading the code.
 */
public final class TopologyException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public TopologyException(String message) {
        super(message);
    }
}
