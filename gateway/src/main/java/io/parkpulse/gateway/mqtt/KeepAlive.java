package io.parkpulse.gateway.mqtt;

import io.netty.channel.ChannelPipeline;
import io.vertx.core.net.impl.NetSocketInternal;
import io.vertx.mqtt.MqttEndpoint;
import java.lang.reflect.Field;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * The MQTT keep-alive of accepted connections, checked by one timer for all of them instead of the
 * Netty {@code IdleStateHandler} (and the handler that closes on its event) that Vert.x adds to
 * every connection's pipeline: with many idle devices those two handlers, their pipeline contexts
 * and their scheduled task were about 0.3 KB of each connection's 4.6 KB.
 *
 * <p>As Vert.x does, a connection that has sent nothing for one and a half times its keep-alive
 * (rounded up to whole seconds, as MQTT 3.1.1 section 3.1.2.10 asks) is closed; the timer's period
 * adds up to {@link #PERIOD_MILLIS} to that. A keep-alive of 0 means none. If Vert.x's handlers
 * cannot be found (another Vert.x version), they stay and do the same job.
 */
final class KeepAlive {

  private static final Logger LOG = Logger.getLogger(KeepAlive.class);

  /** How often the connections are checked. */
  static final long PERIOD_MILLIS = 1_000;

  /** Vert.x's names of the handlers in {@code MqttServerConnection#handleConnect}. */
  private static final String IDLE_HANDLER = "idle";

  private static final String CLOSE_ON_IDLE_HANDLER = "keepAliveHandler";

  /** {@code MqttEndpointImpl.conn}: the endpoint's socket; null if it cannot be reached. */
  private static final Field SOCKET = socketField();

  private KeepAlive() {}

  /** How long a connection with this keep-alive may stay silent, in nanoseconds; 0 for no limit. */
  static long timeoutNanos(int keepAliveSeconds) {
    if (keepAliveSeconds <= 0) {
      return 0;
    }
    return TimeUnit.SECONDS.toNanos((long) Math.ceil(keepAliveSeconds * 1.5));
  }

  /**
   * Removes Vert.x's per-connection keep-alive handlers from {@code endpoint}'s pipeline, so that
   * the shared check takes over; on the connection's event loop, after the CONNECT.
   *
   * @return false if the handlers are still there: Vert.x keeps checking this connection
   */
  static boolean takeOver(MqttEndpoint endpoint) {
    if (SOCKET == null) {
      return false;
    }
    try {
      ChannelPipeline pipeline =
          ((NetSocketInternal) SOCKET.get(endpoint)).channelHandlerContext().pipeline();
      if (pipeline.get(IDLE_HANDLER) == null || pipeline.get(CLOSE_ON_IDLE_HANDLER) == null) {
        return false;
      }
      pipeline.remove(CLOSE_ON_IDLE_HANDLER);
      pipeline.remove(IDLE_HANDLER);
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debugf("keeping Vert.x's keep-alive handlers: %s", e);
      return false;
    }
  }

  private static Field socketField() {
    try {
      Field field = Class.forName("io.vertx.mqtt.impl.MqttEndpointImpl").getDeclaredField("conn");
      if (!NetSocketInternal.class.isAssignableFrom(field.getType())) {
        throw new NoSuchFieldException("conn is a " + field.getType());
      }
      field.setAccessible(true);
      return field;
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.infof(
          "MQTT keep-alive checked by Vert.x for each connection (its socket is out of reach: %s)",
          e);
      return null;
    }
  }
}
