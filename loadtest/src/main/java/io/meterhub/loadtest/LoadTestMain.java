package io.meterhub.loadtest;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code java -jar meterhub-loadtest.jar run ...}: the load generator's command line. */
@Command(
    name = "meterhub-loadtest",
    mixinStandardHelpOptions = true,
    version = "meterhub-loadtest 0.1.0",
    description = "Simulates many LwM2M/DTLS prepaid meters against meterhub (and a bare Leshan baseline).",
    subcommands = {RunCommand.class})
public final class LoadTestMain implements Runnable {

  public static void main(String[] args) {
    if (System.getProperty("logback.configurationFile") == null) {
      System.setProperty("logback.configurationFile", "meterhub-loadtest-logback.xml");
    }
    System.setProperty("hazelcast.logging.type", System.getProperty("hazelcast.logging.type", "slf4j"));
    System.setProperty("hazelcast.phone.home.enabled", "false");
    System.exit(commandLine().execute(args));
  }

  /** The command line, for tests. */
  public static CommandLine commandLine() {
    return new CommandLine(new LoadTestMain());
  }

  @Override
  public void run() {
    CommandLine.usage(this, System.out);
  }
}
