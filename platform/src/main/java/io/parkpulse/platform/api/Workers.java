package io.parkpulse.platform.api;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.unchecked.Unchecked;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.Callable;

/**
 * Runs blocking work (slow hashes, JDBC, Kafka admin) from a reactive resource on a worker thread
 * and resumes on the caller's context, where the reactive session lives.
 */
@ApplicationScoped
public class Workers {

  private final Vertx vertx;

  Workers(Vertx vertx) {
    this.vertx = vertx;
  }

  public <T> Uni<T> run(Callable<T> work) {
    return vertx.executeBlocking(Uni.createFrom().item(Unchecked.supplier(work::call)), false);
  }
}
