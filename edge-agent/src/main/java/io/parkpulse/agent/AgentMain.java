package io.parkpulse.agent;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one agent per configuration file given on the command line until the process is stopped (or
 * every agent took and sent its {@code publish.max-readings}).
 */
public final class AgentMain {

  private AgentMain() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      System.err.println("usage: parkpulse-agent <device.properties> [more.properties ...]");
      System.exit(2);
    }
    List<Thread> threads = new ArrayList<>();
    for (String arg : args) {
      AgentConfig config;
      try {
        config = AgentConfig.load(Path.of(arg));
      } catch (IllegalArgumentException e) {
        System.err.println("configuration error: " + e.getMessage());
        System.exit(2);
        return;
      }
      Thread thread = new Thread(new Agent(config, Clock.systemUTC()), config.device().username());
      threads.add(thread);
    }
    // On SIGTERM every agent stores what it took and closes its store before the JVM exits.
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  threads.forEach(Thread::interrupt);
                  for (Thread thread : threads) {
                    try {
                      thread.join(10_000);
                    } catch (InterruptedException e) {
                      Thread.currentThread().interrupt();
                    }
                  }
                },
                "agent-stop"));
    threads.forEach(Thread::start);
    System.out.println("READY publishing for " + threads.size() + " device(s)");
    for (Thread thread : threads) {
      thread.join();
    }
  }
}
