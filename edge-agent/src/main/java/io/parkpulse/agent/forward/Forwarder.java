package io.parkpulse.agent.forward;

import io.parkpulse.agent.command.CommandHandler;
import io.parkpulse.agent.store.ReadingStore;
import io.parkpulse.agent.store.StoredReading;
import io.parkpulse.model.DeviceRef;
import io.parkpulse.model.EventCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.net.SocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * Sends the stored readings to the gateway, oldest first, and confirms them in the store when the
 * gateway acknowledged them (PUBACK, QoS 1): stored → published → confirmed. The readings of one
 * device among those read at once (a page) go in as few messages (JSON arrays) as {@code
 * readingsPerMessage} allows, so that an agent that fronts many machines, whose readings are stored
 * interleaved, still sends many in a message; several messages are in flight at once. When the
 * connection drops, what was in flight goes back to the queue: the next connection starts again
 * from the oldest unconfirmed reading. Reconnects back off exponentially, with jitter, so that a
 * park's agents do not all return at once.
 *
 * <p>Acknowledgements are confirmed in the store by a thread of their own, one forced journal entry
 * for every acknowledgement that arrived while the previous one was written (a group commit): a
 * forced write per acknowledgement on Paho's callback thread held every later acknowledgement back
 * by the disk's fsync time, which bounded the agent to about one message per fsync.
 */
public final class Forwarder implements Runnable {

  private static final Logger LOG = Logger.getLogger(Forwarder.class.getName());
  private static final Duration MIN_BACKOFF = Duration.ofMillis(250);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

  /**
   * How to reach the gateway.
   *
   * @param uri e.g. {@code tcp://gateway.park.example:1883}
   * @param device the identity the agent connects as
   * @param secret the device secret
   * @param maxInflight messages sent and not yet acknowledged, at most
   * @param readingsPerMessage readings in one message, at most
   * @param tls the TLS socket factory for {@code ssl://} URIs, or null
   * @param commands what answers the gateway's commands, or null to take none
   */
  public record Settings(
      String uri,
      DeviceRef device,
      String secret,
      int maxInflight,
      int readingsPerMessage,
      SocketFactory tls,
      CommandHandler commands) {}

  /** Where commands arrive: {@code command///req/{req-id}/{name}}. */
  static final String COMMANDS = "command///req/#";

  /** Where events go: a JSON array of events. */
  static final String EVENTS = "event";

  /** Events sent and not yet acknowledged, at most; within the headroom Paho's window keeps. */
  static final int MAX_EVENTS_IN_FLIGHT = 3;

  private static final EventCodec EVENT_CODEC = new EventCodec();

  /** The event the gateway publishes for the agent if its connection ends without a goodbye. */
  static final String WILL_TYPE = "agent.lost";

  /** A message in flight, and the last stored reading it carries. */
  private static final class Flight {
    final long lastId;
    final int readings;
    boolean done;

    /** Sent on a connection since broken: its acknowledgement no longer frees the window. */
    boolean stale;

    Flight(long lastId, int readings) {
      this.lastId = lastId;
      this.readings = readings;
    }
  }

  private final ReadingStore store;
  private final Settings settings;
  private final Object lock = new Object();
  private final Deque<Flight> inflight = new ArrayDeque<>();

  /** Readings in the messages sent and not yet acknowledged; under lock. */
  private int readingsOut;

  private final AtomicLong confirmedReadings = new AtomicLong();
  private final Object confirmLock = new Object();

  /** The last reading acknowledged in order, to be confirmed in the store; under confirmLock. */
  private long acknowledgedUpTo;

  /** The last reading confirmed in the store by the confirmer; under confirmLock. */
  private long journalledUpTo;

  private boolean confirming;
  private final ExecutorService commandRunner =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread thread = new Thread(task, "agent-commands");
            thread.setDaemon(true);
            return thread;
          });
  private final AtomicInteger eventsInFlight = new AtomicInteger();
  private volatile boolean running = true;
  private volatile boolean broken;
  private volatile boolean connected;
  private volatile MqttAsyncClient current;
  private volatile Runnable onConnected = () -> {};

  public Forwarder(ReadingStore store, Settings settings) {
    this.store = store;
    this.settings = settings;
  }

  /** Tells the forwarder that new readings are stored. */
  public void wake() {
    synchronized (lock) {
      lock.notifyAll();
    }
  }

  /** Stops sending; what is in flight is sent again by the next run. */
  public void stop() {
    running = false;
    commandRunner.shutdown();
    wake();
  }

  /** Runs {@code action} on the forwarder's thread after each connection, before any reading. */
  public void onConnected(Runnable action) {
    this.onConnected = action;
  }

  /**
   * Publishes an event ({@code [{"type", "ts", "attributes"}]} on {@code event}, QoS 1) if the
   * gateway is connected, without waiting for it: an event never holds up the readings. Offline, or
   * with {@value #MAX_EVENTS_IN_FLIGHT} events not yet acknowledged, it is skipped: events say how
   * things are now, and the next one says it again.
   *
   * @return whether it was handed to the connection
   */
  public boolean publishEvent(String type, Map<String, Object> attributes) {
    MqttAsyncClient client = current;
    if (client == null || !connected || broken) {
      return false;
    }
    if (eventsInFlight.incrementAndGet() > MAX_EVENTS_IN_FLIGHT) {
      eventsInFlight.decrementAndGet();
      LOG.fine("event " + type + " skipped: " + MAX_EVENTS_IN_FLIGHT + " events in flight");
      return false;
    }
    try {
      client.publish(
          EVENTS,
          EVENT_CODEC.encodeDevicePayload(type, Instant.now(), attributes),
          1,
          false,
          null,
          new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
              eventsInFlight.updateAndGet(n -> Math.max(0, n - 1));
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
              // Not a reason to reconnect: the readings' own acknowledgements decide that.
              eventsInFlight.updateAndGet(n -> Math.max(0, n - 1));
              LOG.fine("event " + type + " not acknowledged: " + failure);
            }
          });
      return true;
    } catch (MqttException e) {
      eventsInFlight.decrementAndGet();
      LOG.fine("event " + type + " not sent: " + e);
      return false;
    }
  }

  /** Whether the gateway connection is up. */
  public boolean connected() {
    return connected;
  }

  /** Readings the gateway acknowledged since start. */
  public long confirmedReadings() {
    return confirmedReadings.get();
  }

  @Override
  public void run() {
    synchronized (confirmLock) {
      confirming = true;
      acknowledgedUpTo = journalledUpTo = store.confirmed();
    }
    Thread confirmer =
        new Thread(this::confirmAcknowledged, Thread.currentThread().getName() + "-confirm");
    confirmer.setDaemon(true);
    confirmer.start();
    try {
      forward();
    } finally {
      // Every acknowledgement received is confirmed in the store before the forwarder returns.
      synchronized (confirmLock) {
        confirming = false;
        confirmLock.notifyAll();
      }
      try {
        confirmer.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * The confirmer: journals the newest acknowledged position, once for all the acknowledgements
   * that arrived since the last forced write, until the forwarder stops and nothing is left.
   */
  private void confirmAcknowledged() {
    while (true) {
      long upTo;
      synchronized (confirmLock) {
        while (acknowledgedUpTo <= journalledUpTo && confirming) {
          try {
            confirmLock.wait();
          } catch (InterruptedException e) {
            // Finish what was acknowledged all the same: the store closes after the forwarder.
            confirming = false;
          }
        }
        if (acknowledgedUpTo <= journalledUpTo) {
          return;
        }
        upTo = acknowledgedUpTo;
      }
      try {
        store.confirm(upTo);
      } catch (IOException e) {
        // Only the position is not saved yet: a restart sends these readings again.
        LOG.warning("cannot save the confirmed position: " + e.getMessage());
      }
      synchronized (confirmLock) {
        journalledUpTo = upTo;
        confirmLock.notifyAll();
      }
    }
  }

  /** Waits until every acknowledgement received so far is confirmed in the store. */
  private void awaitConfirmed() throws InterruptedException {
    synchronized (confirmLock) {
      while (journalledUpTo < acknowledgedUpTo && confirming) {
        confirmLock.wait(100);
      }
    }
  }

  private void forward() {
    Duration backoff = MIN_BACKOFF;
    while (running) {
      MqttAsyncClient client = null;
      try {
        client = connect();
        connected = true;
        backoff = MIN_BACKOFF;
        LOG.info(settings.device().username() + " connected to " + settings.uri());
        synchronized (lock) {
          broken = false;
        }
        current = client;
        // The old connection's events are gone with it, acknowledged or not.
        eventsInFlight.set(0);
        try {
          onConnected.run();
        } catch (RuntimeException e) {
          LOG.warning("after connecting: " + e);
        }
        pump(client);
      } catch (MqttException e) {
        LOG.warning(
            settings.device().username()
                + ": "
                + describe(e)
                + "; retrying in "
                + backoff.toMillis()
                + " ms");
      } catch (IOException e) {
        LOG.severe("cannot read the store: " + e.getMessage());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        connected = false;
        current = null;
        closeQuietly(client);
      }
      if (!running) {
        return;
      }
      try {
        Thread.sleep(backoff.toMillis() + ThreadLocalRandom.current().nextLong(backoff.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      backoff =
          backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0
              ? MAX_BACKOFF
              : backoff.multipliedBy(2);
    }
  }

  /**
   * Connects once and disconnects: what {@code parkpulse-agent check} runs.
   *
   * @return null if the gateway took the credentials, else what went wrong and what to check
   */
  public static String probe(Settings settings) {
    Forwarder probe = new Forwarder(null, settings);
    try {
      closeQuietly(probe.connect());
      return null;
    } catch (MqttException e) {
      return describe(e);
    }
  }

  private MqttAsyncClient connect() throws MqttException {
    MqttAsyncClient client =
        new MqttAsyncClient(settings.uri(), settings.device().username(), new MemoryPersistence());
    MqttConnectOptions options = new MqttConnectOptions();
    if (settings.tls() != null) {
      options.setSocketFactory(settings.tls());
    } else if (settings.uri().startsWith("tcp://")) {
      options.setSocketFactory(BufferedSockets.INSTANCE);
    }
    options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
    options.setUserName(settings.device().username());
    options.setPassword(settings.secret().toCharArray());
    // The store, not the session, keeps what was not acknowledged.
    options.setCleanSession(true);
    options.setAutomaticReconnect(false);
    options.setConnectionTimeout(10);
    options.setKeepAliveInterval(30);
    // Paho frees a slot a moment after the acknowledgement reaches this class: some headroom.
    options.setMaxInflight(settings.maxInflight() + 10);
    // If the agent dies or its network goes, the gateway publishes this on its behalf.
    options.setWill(
        EVENTS,
        ("{\"type\":\""
                + WILL_TYPE
                + "\",\"ts\":\""
                + Instant.now()
                + "\",\"attributes\":{\"since\":\"connected at ts, gone without a disconnect\"}}")
            .getBytes(StandardCharsets.UTF_8),
        1,
        false);
    client.setCallback(
        new MqttCallback() {
          @Override
          public void connectionLost(Throwable cause) {
            LOG.warning(settings.device().username() + ": connection lost (" + cause + ")");
            breakConnection();
          }

          @Override
          public void messageArrived(String topic, MqttMessage message) {}

          @Override
          public void deliveryComplete(IMqttDeliveryToken token) {}
        });
    try {
      client.connect(options).waitForCompletion(15_000);
      if (settings.commands() != null) {
        client.subscribe(COMMANDS, 1, (topic, message) -> command(client, topic, message));
      }
    } catch (MqttException e) {
      closeQuietly(client);
      throw e;
    }
    return client;
  }

  /**
   * Runs a command off Paho's thread (a write may wait for a machine) and publishes the answer on
   * {@code command///res/{req-id}/{status}}.
   */
  private void command(MqttAsyncClient client, String topic, MqttMessage message) {
    String[] parts = topic.split("/", -1);
    // command, "", "", req, {req-id}, {name}
    if (parts.length != 6 || parts[4].isEmpty() || parts[5].isEmpty()) {
      LOG.warning("ignoring a command on " + topic + ": expected command///req/{req-id}/{name}");
      return;
    }
    String requestId = parts[4];
    String name = parts[5];
    commandRunner.execute(
        () -> {
          CommandHandler.Response response;
          try {
            response = settings.commands().handle(name, message.getPayload());
          } catch (RuntimeException e) {
            LOG.warning("command " + name + " failed: " + e);
            response =
                new CommandHandler.Response(
                    500,
                    ("{\"error\":\"" + e.getClass().getSimpleName() + "\"}")
                        .getBytes(StandardCharsets.UTF_8));
          }
          try {
            client.publish(
                "command///res/" + requestId + "/" + response.status(), response.body(), 1, false);
          } catch (MqttException e) {
            LOG.warning("the answer to command " + requestId + " was not sent: " + e);
          }
        });
  }

  /** Sends from the oldest unconfirmed reading on until the connection breaks or it stops. */
  private void pump(MqttAsyncClient client)
      throws MqttException, IOException, InterruptedException {
    synchronized (lock) {
      inflight.forEach(flight -> flight.stale = true);
      inflight.clear();
      readingsOut = 0;
      broken = false;
    }
    // What the last connection got acknowledged is not sent again.
    awaitConfirmed();
    long cursor = store.confirmed() + 1;
    IMqttActionListener acknowledged = listener();
    while (running && !broken) {
      if (!awaitRoom(1)) {
        return;
      }
      // Readings dropped from a full store meanwhile are skipped.
      cursor = Math.max(cursor, store.confirmed() + 1);
      List<StoredReading> page = store.read(cursor, window());
      if (page.isEmpty()) {
        synchronized (lock) {
          lock.wait(200);
        }
        continue;
      }
      List<List<StoredReading>> messages = byDevice(page, settings.readingsPerMessage());
      long pageEnd = messages.stream().mapToLong(m -> m.get(m.size() - 1).id()).max().getAsLong();
      for (int i = 0; i < messages.size(); i++) {
        List<StoredReading> message = messages.get(i);
        if (!awaitRoom(message.size())) {
          return;
        }
        // The store's position moves only past a whole page, when all its messages are
        // acknowledged: the page's last message carries its end, the others no position.
        boolean last = i == messages.size() - 1;
        Flight flight = new Flight(last ? pageEnd : cursor - 1, message.size());
        synchronized (lock) {
          inflight.addLast(flight);
          readingsOut += flight.readings;
        }
        client.publish(
            topic(message.get(0).device()), payload(message), 1, false, flight, acknowledged);
      }
      cursor = pageEnd + 1;
    }
  }

  /**
   * Waits until a message of {@code readings} readings fits in the window.
   *
   * @return false if the forwarder stopped or the connection broke meanwhile
   */
  private boolean awaitRoom(int readings) throws InterruptedException {
    synchronized (lock) {
      while (!fits(inflight.size(), readingsOut, readings, settings.maxInflight(), window())
          && running
          && !broken) {
        lock.wait(100);
      }
    }
    return running && !broken;
  }

  /**
   * Whether a message of {@code next} readings may be sent: the window counts messages and the
   * readings in them, so that a page of many machines' small messages fills it as a page of full
   * messages does. A message larger than the window goes alone.
   *
   * @param messages messages sent and not yet released in order
   * @param readings readings in the messages not yet acknowledged
   */
  static boolean fits(int messages, int readings, int next, int maxMessages, int maxReadings) {
    return messages < maxMessages && (readings == 0 || readings + next <= maxReadings);
  }

  /**
   * Readings sent and not yet acknowledged, at most, and read from the store at once: a page of
   * {@link #MAX_PAGE}, or fewer if the messages allowed in flight cannot hold one. A page holds
   * several messages, so that the readings of a device that fronts many machines, stored
   * interleaved, still leave in messages of many readings.
   */
  private int window() {
    return Math.min(MAX_PAGE, settings.readingsPerMessage() * settings.maxInflight());
  }

  /** Readings read from the store at once, at most; also the window in readings. */
  public static final int MAX_PAGE = 2000;

  /**
   * All the page's readings as messages of one device each and of at most {@code max} readings,
   * each device's readings in stored order, the messages in the order of their first reading. A
   * device with more than {@code max} readings in the page gets several messages: the whole page is
   * sent, so that the next page is read from where this one ended.
   */
  static List<List<StoredReading>> byDevice(List<StoredReading> page, int max) {
    Map<String, List<StoredReading>> filling = new HashMap<>();
    List<List<StoredReading>> messages = new ArrayList<>();
    for (StoredReading reading : page) {
      List<StoredReading> message = filling.get(reading.device());
      if (message == null || message.size() == max) {
        message = new ArrayList<>();
        filling.put(reading.device(), message);
        messages.add(message);
      }
      message.add(reading);
    }
    return messages;
  }

  private IMqttActionListener listener() {
    return new IMqttActionListener() {
      @Override
      public void onSuccess(IMqttToken token) {
        long upTo = -1;
        synchronized (lock) {
          Flight flight = (Flight) token.getUserContext();
          flight.done = true;
          if (!flight.stale) {
            readingsOut -= flight.readings;
          }
          confirmedReadings.addAndGet(flight.readings);
          while (!inflight.isEmpty() && inflight.peekFirst().done) {
            upTo = inflight.pollFirst().lastId;
          }
          lock.notifyAll();
        }
        if (upTo > 0) {
          // Confirmed in the store by the confirmer thread, not on Paho's callback thread.
          synchronized (confirmLock) {
            if (upTo > acknowledgedUpTo) {
              acknowledgedUpTo = upTo;
              confirmLock.notifyAll();
            }
          }
        }
      }

      @Override
      public void onFailure(IMqttToken token, Throwable failure) {
        LOG.warning("a message was not acknowledged (" + failure + "); sending again");
        breakConnection();
      }
    };
  }

  private void breakConnection() {
    synchronized (lock) {
      broken = true;
      lock.notifyAll();
    }
  }

  /** {@code telemetry} for the agent's own device, {@code telemetry/{enterprise}/{device}} else. */
  private String topic(String deviceKey) {
    return deviceKey.equals(settings.device().kafkaKey()) ? "telemetry" : "telemetry/" + deviceKey;
  }

  private static byte[] payload(List<StoredReading> readings) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write('[');
    for (int i = 0; i < readings.size(); i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(readings.get(i).json());
    }
    out.write(']');
    return out.toByteArray();
  }

  private static void closeQuietly(MqttAsyncClient client) {
    if (client == null) {
      return;
    }
    try {
      if (client.isConnected()) {
        client.disconnect(1_000).waitForCompletion(2_000);
      }
    } catch (MqttException e) {
      LOG.fine("disconnect failed: " + e);
    }
    try {
      client.close(true);
    } catch (MqttException e) {
      LOG.fine("closing the MQTT client failed: " + e);
    }
  }

  private static String describe(MqttException e) {
    Throwable cause = e.getCause();
    if (cause instanceof java.net.UnknownHostException) {
      return "cannot resolve the gateway's host name "
          + cause.getMessage()
          + "; check gateway.uri and the controller's DNS";
    }
    if (cause instanceof javax.net.ssl.SSLException) {
      return "TLS with the gateway failed ("
          + cause.getMessage()
          + "); check gateway.tls.ca (and cert/key for mutual TLS)";
    }
    return switch (e.getReasonCode()) {
      case MqttException.REASON_CODE_FAILED_AUTHENTICATION,
          MqttException.REASON_CODE_NOT_AUTHORIZED ->
          "the gateway refused the device credentials (check device.id, device.enterprise and"
              + " device.secret)";
      case MqttException.REASON_CODE_SERVER_CONNECT_ERROR ->
          "cannot reach the gateway"
              + (cause == null ? "" : " (" + cause.getMessage() + ")")
              + "; check gateway.uri, the network and, for ssl://, gateway.tls";
      default ->
          e.getMessage()
              + (cause == null ? "" : " (" + cause + ")")
              + " (MQTT reason "
              + e.getReasonCode()
              + ")";
    };
  }
}
