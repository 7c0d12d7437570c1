package org.lafs.helper.config;

/** A configuration problem, reported to the operator as one line (never a stack trace). */
public final class ConfigException extends RuntimeException {
    public ConfigException(String message) {
        super(message);
    }
}
