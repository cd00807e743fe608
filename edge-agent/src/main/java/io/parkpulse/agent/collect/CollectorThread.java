package io.parkpulse.agent.collect;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The one daemon thread of a collector's single-thread executor, remembered so that stopping the
 * collector waits until the thread has ended: an executor reports termination from its thread as
 * the thread exits, before it is gone.
 */
public final class CollectorThread implements ThreadFactory {

  private final String name;
  private volatile Thread thread;

  /** Threads made by this factory are called {@code name}. */
  public CollectorThread(String name) {
    this.name = name;
  }

  @Override
  public Thread newThread(Runnable task) {
    Thread made = new Thread(task, name);
    made.setDaemon(true);
    thread = made;
    return made;
  }

  /**
   * Waits up to {@code millis} for {@code executor}, already shut down, to terminate and for its
   * thread to end.
   *
   * @return false if either did not happen in time
   */
  public boolean awaitEnd(ExecutorService executor, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    if (!executor.awaitTermination(millis, TimeUnit.MILLISECONDS)) {
      return false;
    }
    Thread made = thread;
    if (made == null) {
      return true;
    }
    made.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
    return !made.isAlive();
  }
}
