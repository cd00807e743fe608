package io.parkpulse.platform.derived;

/**
 * An expression that cannot be read: what was expected at which character. The only exception the
 * parser throws, whatever the text.
 */
public final class ExpressionException extends Exception {

  private final int position;

  /**
   * @param position the character at fault, counted from 1; one past the end for an expression that
   *     stops too early
   * @param problem what was expected or what is wrong there
   */
  ExpressionException(int position, String problem) {
    super("at character " + position + ": " + problem);
    this.position = position;
  }

  /** The character at fault, counted from 1. */
  public int position() {
    return position;
  }
}
