package io.parkpulse.platform.commands;

/** Kafka did not take a command (a server error): the device never got it. */
public final class CommandNotSentException extends RuntimeException {

  public CommandNotSentException(Throwable cause) {
    super("the command was not written to Kafka: " + cause.getMessage(), cause);
  }
}
