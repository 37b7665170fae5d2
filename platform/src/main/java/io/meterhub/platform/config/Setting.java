package io.meterhub.platform.config;

/**
 * One configuration key: the environment variable (also the key in the optional properties file), its default and
 * what it means. {@link Settings#ALL} is the single list the README's configuration table is checked against.
 */
public record Setting(String env, String defaultValue, String meaning) {}
