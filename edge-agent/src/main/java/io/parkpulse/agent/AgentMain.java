package io.parkpulse.agent;

import io.parkpulse.agent.collect.Collector;
import io.parkpulse.agent.collect.CollectorSettings;
import io.parkpulse.agent.collect.dlt645.FindMeter;
import io.parkpulse.agent.config.AgentConfig;
import io.parkpulse.agent.config.ConfigException;
import io.parkpulse.agent.config.ConfigLoader;
import io.parkpulse.agent.forward.Forwarder;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code parkpulse-agent run <agent.yaml> [more.yaml ...]} runs one agent per file until the
 * process is stopped; {@code parkpulse-agent check <agent.yaml>} checks a file and tests the
 * connections to the gateway and to each machine; {@code parkpulse-agent find-meter --port
 * /dev/ttyUSB0} asks the one DL/T 645 meter on a line for its address.
 */
public final class AgentMain {

  private AgentMain() {}

  public static void main(String[] args) throws Exception {
    List<String> files = new ArrayList<>(List.of(args));
    String command = files.isEmpty() ? "" : files.get(0);
    if (command.equals("find-meter")) {
      System.exit(FindMeter.run(files.subList(1, files.size()), System.out));
    }
    if (command.equals("run") || command.equals("check")) {
      files.remove(0);
    } else {
      command = "run";
    }
    if (files.isEmpty()) {
      System.err.println("usage: parkpulse-agent run <agent.yaml> [more.yaml ...]");
      System.err.println("       parkpulse-agent check <agent.yaml>");
      System.err.println("       " + FindMeter.USAGE.substring("usage: ".length()));
      System.exit(2);
    }
    List<AgentConfig> configs = new ArrayList<>();
    for (String file : files) {
      try {
        configs.add(ConfigLoader.load(Path.of(file)));
      } catch (ConfigException e) {
        System.err.println("The configuration has " + e.problems().size() + " problem(s):");
        e.problems().forEach(p -> System.err.println("  " + p));
        System.exit(2);
      } catch (IOException e) {
        System.err.println("cannot read " + file + ": " + e.getMessage());
        System.exit(2);
      }
    }
    if (command.equals("check")) {
      boolean ok = true;
      for (AgentConfig config : configs) {
        ok &= check(config, System.out);
      }
      System.exit(ok ? 0 : 1);
    }
    run(configs);
  }

  private static void run(List<AgentConfig> configs) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (AgentConfig config : configs) {
      threads.add(new Thread(new Agent(config), config.device().username()));
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
    System.out.println("READY running " + threads.size() + " agent(s)");
    for (Thread thread : threads) {
      thread.join();
    }
  }

  /** Tests the gateway and every machine of {@code config}, printing one line each. */
  static boolean check(AgentConfig config, PrintStream out) {
    out.println(config.file() + ": configuration ok");
    boolean ok = true;
    String gateway;
    try {
      gateway = Forwarder.probe(Agent.forwarding(config, null));
    } catch (IOException | GeneralSecurityException e) {
      gateway = "TLS files: " + e.getMessage();
    }
    ok &=
        line(
            out,
            "gateway " + config.gateway().uri() + " as " + config.device().username(),
            gateway);
    for (CollectorSettings machine : config.machines()) {
      try (Collector collector = Collectors.of(machine, null, config.stateDir())) {
        Collector.Health health;
        try {
          health = collector.probe();
        } catch (RuntimeException e) {
          health = new Collector.Health(false, e.toString(), 0, 1);
        }
        ok &=
            line(
                out,
                "machine " + machine.device().device() + ": " + health.detail(),
                health.ok() ? null : "");
      }
    }
    return ok;
  }

  private static boolean line(PrintStream out, String what, String failure) {
    if (failure == null) {
      out.println("  ok    " + what);
      return true;
    }
    out.println("  FAIL  " + what + (failure.isEmpty() ? "" : ": " + failure));
    return false;
  }
}
