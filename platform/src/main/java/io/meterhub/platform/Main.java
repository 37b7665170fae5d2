package io.meterhub.platform;

import io.meterhub.platform.config.MeterhubConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts one meterhub node from the environment (see the configuration table in the README). */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {}

  public static void main(String[] args) {
    MeterhubConfig config;
    try {
      config = MeterhubConfig.fromEnvironment();
    } catch (IllegalArgumentException e) {
      LOG.error("Invalid configuration: {}", e.getMessage());
      System.exit(2);
      return;
    }
    LOG.info("Starting {}", config);
    PlatformNode node = PlatformNode.start(config);
    Runtime.getRuntime().addShutdownHook(new Thread(node::close, "meterhub-shutdown"));
  }
}
