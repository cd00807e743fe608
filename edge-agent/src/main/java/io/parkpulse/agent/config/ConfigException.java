package io.parkpulse.agent.config;

import java.util.List;

/**
 * A configuration the agent cannot run with: a permanent error. Its message lists every problem
 * found, each with its file, line and what to write instead.
 */
public final class ConfigException extends Exception {

  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(String.join(System.lineSeparator(), problems));
    this.problems = List.copyOf(problems);
  }

  /** One line per problem: {@code file line N: what is wrong; what to write}. */
  public List<String> problems() {
    return problems;
  }
}
