package io.parkpulse.agent.collect.opcua;

import static org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.Unsigned.uint;

import io.parkpulse.agent.collect.Collector;
import io.parkpulse.agent.collect.CollectorThread;
import io.parkpulse.agent.collect.ReadingSink;
import io.parkpulse.agent.collect.opcua.OpcUaSettings.Point;
import io.parkpulse.agent.collect.opcua.OpcUaValues.NodeType;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.SessionActivityListener;
import org.eclipse.milo.opcua.sdk.client.api.UaSession;
import org.eclipse.milo.opcua.sdk.client.api.subscriptions.UaMonitoredItem;
import org.eclipse.milo.opcua.sdk.client.api.subscriptions.UaSubscription;
import org.eclipse.milo.opcua.sdk.client.subscriptions.ManagedDataItem;
import org.eclipse.milo.opcua.sdk.client.subscriptions.ManagedSubscription;
import org.eclipse.milo.opcua.sdk.client.subscriptions.OpcUaSubscription;
import org.eclipse.milo.opcua.stack.core.AttributeId;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.UaRuntimeException;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.QualifiedName;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UByte;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.ReadValueId;

/**
 * Collects from one OPC UA server (Eclipse Milo): one subscription with a data item per point, and
 * every publish interval one reading with the latest good value of each point.
 *
 * <p>It connects in the background and retries with backoff until the server answers. Once
 * connected, Milo reconnects by itself and transfers the subscription to the new session; when the
 * transfer fails (the server restarted and forgot it) the subscription is created again. A {@link
 * SubscriptionWatchdog} catches the subscriptions that die without Milo noticing: the server sends
 * values or a keep-alive at least every {@link #KEEP_ALIVE} or so, and after three keep-alive
 * periods of silence the subscription and its items are created again. No readings are taken while
 * the session is down or the server silent, so that no stale value is sent as new. The health
 * counts the subscriptions created again and says why the last one was.
 */
public final class OpcUaCollector implements Collector {

  private static final Logger LOG = Logger.getLogger(OpcUaCollector.class.getName());
  private static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  private static final int SUMMARY_VALUE_CHARS = 40;

  /**
   * About how often an idle subscription's server sends a keep-alive: the keep-alive count asked
   * for is this over the publish interval (at least 1).
   */
  static final Duration KEEP_ALIVE = Duration.ofSeconds(2);

  /** Subscriptions live on the server this long without the client (across a short outage). */
  private static final Duration LIFETIME = Duration.ofMinutes(1);

  private final OpcUaSettings settings;
  private final Path pkiDir;
  private final String name;
  private final Map<String, NodeId> nodeIds = new LinkedHashMap<>();

  /** Per point, the type its node takes, read from the server at the first write. */
  private final Map<String, NodeType> nodeTypes = new ConcurrentHashMap<>();

  private final Map<String, Object> latest = new ConcurrentHashMap<>();
  private final Map<String, String> problems = new ConcurrentHashMap<>();
  private final Set<String> unsupported = ConcurrentHashMap.newKeySet();
  private final AtomicLong readings = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong recreated = new AtomicLong();
  private final SubscriptionWatchdog watchdog = new SubscriptionWatchdog();
  private final Object lifecycle = new Object();
  private volatile String lastRecreation;

  private ScheduledExecutorService executor;
  private final CollectorThread worker;
  private volatile OpcUaConnector connector;
  private ReadingSink sink;
  private volatile OpcUaClient client;
  private volatile ManagedSubscription subscription;
  private volatile boolean sessionActive;
  private volatile boolean closed;
  private volatile Status status;
  private boolean failing;
  private boolean sinkFailing;
  // Only the executor's thread uses these.
  private Duration connectBackoff = MIN_BACKOFF;
  private Duration subscribeBackoff = MIN_BACKOFF;

  /**
   * Checks the settings; nothing is connected or created on disk before {@link #start} or {@link
   * #probe}.
   *
   * @param settings the server and its points
   * @param pkiDir where the agent's certificate and the trust list of server certificates are kept
   * @throws IllegalArgumentException naming what to fix if the settings cannot work
   */
  public OpcUaCollector(OpcUaSettings settings, Path pkiDir) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.pkiDir = Objects.requireNonNull(pkiDir, "pkiDir");
    this.name = settings.device().username();
    this.worker = new CollectorThread("opcua-" + name);
    validate(settings);
    for (Point point : settings.points()) {
      String metric = point.spec().name();
      try {
        nodeIds.put(metric, NodeId.parse(point.nodeId()));
      } catch (UaRuntimeException e) {
        throw new IllegalArgumentException(
            name
                + ": point '"
                + metric
                + "' has node id '"
                + point.nodeId()
                + "', which is not one; write it as e.g. ns=2;s=Line1/Press/Power or ns=3;i=1001");
      }
    }
    this.status = new Status(false, "not started");
  }

  @Override
  public void start(ReadingSink sink) {
    Objects.requireNonNull(sink, "sink");
    synchronized (lifecycle) {
      if (closed || executor != null) {
        throw new IllegalStateException(name + ": the OPC UA collector was already started");
      }
      this.sink = sink;
      connector = new OpcUaConnector(settings, pkiDir);
      executor = Executors.newSingleThreadScheduledExecutor(worker);
      status = new Status(false, "connecting to " + settings.endpoint());
      executor.execute(this::connect);
      long period = settings.publishInterval().toMillis();
      executor.scheduleAtFixedRate(this::takeReading, period, period, TimeUnit.MILLISECONDS);
    }
  }

  @Override
  public Health health() {
    Status s = status;
    String detail = s.detail();
    if (s.ok() && !problems.isEmpty()) {
      detail += "; without a value: " + describeProblems();
    } else if (!s.ok() && !sessionActive && client != null && connector != null) {
      String rejection = connector.pendingRejection();
      if (rejection != null) {
        detail += ": " + rejection;
      }
    }
    long again = recreated.get();
    if (again > 0) {
      detail += "; subscription created again " + again + " time(s), last: " + lastRecreation;
    }
    return new Health(s.ok(), detail, readings.get(), failures.get());
  }

  @Override
  public Health probe() {
    try (OpcUaConnector probing = new OpcUaConnector(settings, pkiDir)) {
      OpcUaClient probe = null;
      try {
        probe = probing.connect(new SessionActivityListener() {});
        List<DataValue> values =
            probe
                .readValues(0.0, TimestampsToReturn.Neither, List.copyOf(nodeIds.values()))
                .get(OpcUaConnector.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        return summarize(values);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new Health(false, "interrupted while probing " + settings.endpoint(), 0, 1);
      } catch (Exception e) {
        return new Health(false, probing.describe(e), 0, 1);
      } finally {
        if (probe != null) {
          OpcUaConnector.disconnect(probe);
        }
      }
    }
  }

  /**
   * Writes the point's node over the collector's session, as a value of the node's data type (read
   * from the server at the first write to the point; a subtype that the agent does not know is
   * written as the type of the node's current value).
   */
  @Override
  public void write(String point, Object value) throws IOException {
    NodeId node = nodeIds.get(point);
    if (node == null) {
      throw new IllegalArgumentException(
          name
              + " has no point '"
              + point
              + "'; its points are "
              + String.join(", ", nodeIds.keySet()));
    }
    String where = "point '" + point + "' (" + node.toParseableString() + ")";
    OpcUaClient c = client;
    if (c == null || !sessionActive || closed) {
      throw new IOException(
          name + ": not connected to " + settings.endpoint() + "; cannot write " + where);
    }
    NodeType type = nodeTypes.get(point);
    if (type == null) {
      type = readType(c, node, where);
      nodeTypes.put(point, type);
    }
    Object converted;
    try {
      converted = OpcUaValues.toNodeValue(type, value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(name + ": " + where + ": " + e.getMessage(), e);
    }
    String writing = name + ": writing " + value + " to " + where;
    StatusCode status =
        await(c.writeValue(node, DataValue.valueOnly(new Variant(converted))), writing);
    if (status.isBad()) {
      if (status.getValue() == StatusCodes.Bad_TypeMismatch) {
        // The server may have changed the node: read its type again at the next write.
        nodeTypes.remove(point);
      }
      throw new IOException(
          writing + ": the server answered " + OpcUaConnector.statusName(status) + hint(status));
    }
  }

  @Override
  public void close() {
    ScheduledExecutorService stopping;
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      closed = true;
      stopping = executor;
    }
    if (stopping != null) {
      stopping.shutdownNow();
      try {
        if (!worker.awaitEnd(stopping, 2 * OpcUaConnector.TIMEOUT.toMillis())) {
          LOG.warning(name + ": OPC UA collector thread did not stop");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    ManagedSubscription s = subscription;
    subscription = null;
    OpcUaClient c = client;
    client = null;
    if (s != null && sessionActive) {
      try {
        s.deleteAsync().get(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (Exception e) {
        // The server drops it with the session.
      }
    }
    if (c != null) {
      OpcUaConnector.disconnect(c);
    }
    if (connector != null) {
      connector.close();
    }
    sessionActive = false;
    status = new Status(false, "closed");
  }

  /** The type the node takes: its DataType attribute, or else the type of its current value. */
  private NodeType readType(OpcUaClient c, NodeId node, String where) throws IOException {
    List<ReadValueId> ids =
        List.of(
            new ReadValueId(node, AttributeId.DataType.uid(), null, QualifiedName.NULL_VALUE),
            new ReadValueId(node, AttributeId.Value.uid(), null, QualifiedName.NULL_VALUE));
    String reading = name + ": reading the data type of " + where;
    DataValue[] results = await(c.read(0.0, TimestampsToReturn.Neither, ids), reading).getResults();
    StatusCode status = results[0].getStatusCode();
    if (status != null && status.isBad()) {
      throw new IOException(
          reading + ": the server answered " + OpcUaConnector.statusName(status) + hint(status));
    }
    Object dataType = results[0].getValue().getValue();
    Object current = results[1].getValue() == null ? null : results[1].getValue().getValue();
    Optional<NodeType> declared =
        dataType instanceof NodeId id ? NodeType.of(id) : Optional.empty();
    return declared
        .or(() -> NodeType.ofValue(current))
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    name
                        + ": "
                        + where
                        + " has data type "
                        + (dataType instanceof NodeId id ? id.toParseableString() : dataType)
                        + " and a "
                        + OpcUaValues.typeName(current)
                        + " value; the agent writes Boolean, integer, Float, Double and String"
                        + " nodes"));
  }

  /** What a status of a refused write means to the technician. */
  private String hint(StatusCode status) {
    long code = status.getValue();
    if (code == StatusCodes.Bad_NotWritable) {
      return ": the node is read-only on the server";
    }
    if (code == StatusCodes.Bad_UserAccessDenied) {
      return settings.username() == null
          ? ": anonymous sessions may not write it; configure a user that may"
          : ": user '" + settings.username() + "' may not write it";
    }
    if (code == StatusCodes.Bad_TypeMismatch) {
      return ": the node takes another type than its DataType attribute says, or an array";
    }
    if (code == StatusCodes.Bad_NodeIdUnknown) {
      return ": the server has no such node; check the node id";
    }
    if (code == StatusCodes.Bad_OutOfRange) {
      return ": the value is outside what the server allows";
    }
    return "";
  }

  /** A request's result, within Milo's request timeout; failures as IOException. */
  private static <T> T await(CompletableFuture<T> request, String doing) throws IOException {
    try {
      return request.get(2 * OpcUaConnector.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      request.cancel(true);
      Thread.currentThread().interrupt();
      throw new InterruptedIOException(doing + ": interrupted");
    } catch (TimeoutException e) {
      throw new IOException(
          doing + ": no answer within " + 2 * OpcUaConnector.TIMEOUT.toSeconds() + " s", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      String why =
          cause instanceof UaException ua
              ? "failed with " + OpcUaConnector.statusName(ua.getStatusCode())
              : "failed (" + cause + ")";
      throw new IOException(doing + ": " + why, cause);
    }
  }

  // ---- on the collector's thread

  private void connect() {
    if (closed) {
      return;
    }
    OpcUaClient connected = null;
    try {
      connected = connector.connect(new SessionListener());
      subscribe(connected);
      client = connected;
      connectBackoff = MIN_BACKOFF;
      healthy(connectedSummary());
    } catch (Exception e) {
      if (connected != null) {
        OpcUaConnector.disconnect(connected);
      }
      if (e instanceof InterruptedException || closed) {
        return;
      }
      failures.incrementAndGet();
      failing(connector.describe(e) + "; retrying in " + connectBackoff.toSeconds() + " s");
      schedule(this::connect, connectBackoff);
      connectBackoff = longer(connectBackoff);
    }
  }

  /**
   * Creates the subscription, one data item per point, grouped by sampling interval, with a
   * keep-alive about every {@link #KEEP_ALIVE} for the watchdog.
   */
  private void subscribe(OpcUaClient c) throws UaException, InterruptedException {
    double interval = settings.publishInterval().toMillis();
    long keepAlive = Math.max(1, (long) Math.ceil(KEEP_ALIVE.toMillis() / interval));
    long lifetime = Math.max(3 * keepAlive, (long) Math.ceil(LIFETIME.toMillis() / interval));
    OpcUaSubscription raw =
        (OpcUaSubscription)
            request(
                c.getSubscriptionManager()
                    .createSubscription(
                        interval, uint(lifetime), uint(keepAlive), uint(65535), true, UByte.MIN));
    ManagedSubscription created = new ManagedSubscription(c, raw);
    created.addStatusListener(new SubscriptionListener());
    raw.addNotificationListener(new Heartbeat());
    watchdog.watch(
        Duration.ofMillis(
            (long)
                (raw.getRevisedPublishingInterval()
                    * raw.getRevisedMaxKeepAliveCount().longValue())),
        System.nanoTime());
    latest.clear();
    problems.clear();
    Map<Duration, List<Point>> bySampling = new LinkedHashMap<>();
    for (Point point : settings.points()) {
      bySampling.computeIfAbsent(point.samplingInterval(), k -> new ArrayList<>()).add(point);
    }
    try {
      createItems(created, bySampling);
    } catch (UaException | RuntimeException e) {
      created.deleteAsync();
      throw e;
    }
    subscription = created;
  }

  /** A request's result within Milo's timeout, its failure as a UaException. */
  private static <T> T request(CompletableFuture<T> request)
      throws UaException, InterruptedException {
    try {
      return request.get(2 * OpcUaConnector.TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      request.cancel(true);
      throw new UaException(StatusCodes.Bad_Timeout, e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof UaException ua
          ? ua
          : new UaException(StatusCodes.Bad_UnexpectedError, e.getCause());
    }
  }

  private void createItems(ManagedSubscription created, Map<Duration, List<Point>> bySampling)
      throws UaException {
    for (Map.Entry<Duration, List<Point>> group : bySampling.entrySet()) {
      Map<NodeId, List<String>> names = new LinkedHashMap<>();
      List<ReadValueId> ids = new ArrayList<>();
      for (Point point : group.getValue()) {
        NodeId node = nodeIds.get(point.spec().name());
        if (names.computeIfAbsent(node, k -> new ArrayList<>()).isEmpty()) {
          ids.add(new ReadValueId(node, AttributeId.Value.uid(), null, QualifiedName.NULL_VALUE));
        }
        names.get(node).add(point.spec().name());
      }
      List<ManagedDataItem> items =
          created.createDataItems(
              group.getKey().toMillis(),
              ids,
              item ->
                  item.addDataValueListener(
                      value -> names.get(item.getNodeId()).forEach(n -> onValue(n, value))));
      for (ManagedDataItem item : items) {
        if (!item.getStatusCode().isGood()) {
          for (String metric : names.get(item.getNodeId())) {
            problem(metric, OpcUaConnector.statusName(item.getStatusCode()));
          }
        }
      }
    }
  }

  /**
   * Deletes the subscription and creates it again, with its items; on failure, tries again with
   * backoff.
   *
   * @param dead the subscription found dead, or null for a retry: if another has replaced it (or
   *     the retry finds one) meanwhile, there is nothing to do
   */
  private void resubscribe(String why, ManagedSubscription dead) {
    OpcUaClient c = client;
    if (closed || c == null || subscription != dead) {
      return;
    }
    subscription = null;
    if (dead != null) {
      dead.deleteAsync(); // best effort: the server has usually forgotten it already
    }
    try {
      subscribe(c);
      subscribeBackoff = MIN_BACKOFF;
      lastRecreation = why;
      recreated.incrementAndGet();
      LOG.info(name + ": created the subscription again (" + why + ")");
      if (sessionActive) {
        healthy(connectedSummary());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (UaException e) {
      if (closed) {
        return;
      }
      failures.incrementAndGet();
      failing(
          "cannot create the subscription again ("
              + why
              + "): "
              + connector.describe(e)
              + "; retrying in "
              + subscribeBackoff.toSeconds()
              + " s");
      schedule(() -> resubscribe(why, null), subscribeBackoff);
      subscribeBackoff = longer(subscribeBackoff);
    }
  }

  private void takeReading() {
    ManagedSubscription current = subscription;
    if (!sessionActive || client == null || current == null) {
      return;
    }
    long now = System.nanoTime();
    if (watchdog.dead(now)) {
      resubscribe(
          "no values or keep-alive from the server for " + watchdog.limit().toSeconds() + " s",
          current);
      return;
    }
    if (!watchdog.current(now)) {
      return; // the values may be stale: the server is late with its keep-alive
    }
    Map<String, Object> metrics = new LinkedHashMap<>();
    for (String metric : nodeIds.keySet()) {
      Object value = latest.get(metric);
      if (value != null) {
        metrics.put(metric, value);
      }
    }
    if (metrics.isEmpty()) {
      return;
    }
    try {
      sink.take(settings.device(), Instant.now(), Collections.unmodifiableMap(metrics));
      readings.incrementAndGet();
      sinkFailing = false;
    } catch (RuntimeException e) {
      failures.incrementAndGet();
      if (!sinkFailing) {
        LOG.log(Level.WARNING, name + ": the agent did not take a reading", e);
        sinkFailing = true;
      }
    }
  }

  // ---- on Milo's threads

  private void onValue(String metric, DataValue value) {
    if (closed) {
      return;
    }
    StatusCode code = value.getStatusCode();
    if (code != null && !code.isGood()) {
      latest.remove(metric);
      failures.incrementAndGet();
      problem(metric, OpcUaConnector.statusName(code));
      return;
    }
    Object raw = value.getValue() == null ? null : value.getValue().getValue();
    Object metricValue = OpcUaValues.toMetric(raw);
    if (metricValue == null) {
      latest.remove(metric);
      String type = OpcUaValues.typeName(raw);
      problems.put(metric, "unsupported " + type);
      if (unsupported.add(metric)) {
        LOG.warning(
            name
                + ": point '"
                + metric
                + "' ("
                + nodeIds.get(metric).toParseableString()
                + ") has a "
                + type
                + " value, which is not a number, a string or a boolean; left out");
      }
      return;
    }
    latest.put(metric, metricValue);
    problems.remove(metric);
  }

  private void problem(String metric, String what) {
    if (!what.equals(problems.put(metric, what))) {
      LOG.warning(
          name
              + ": point '"
              + metric
              + "' ("
              + nodeIds.get(metric).toParseableString()
              + "): "
              + what
              + "; left out of the readings");
    }
  }

  /** Follows Milo's session: down when the connection is lost, up when Milo reconnected. */
  private final class SessionListener implements SessionActivityListener {
    @Override
    public void onSessionActive(UaSession session) {
      // A subscription transferred to the new session has its full time to speak again.
      watchdog.heard(System.nanoTime());
      sessionActive = true;
      if (client != null && !closed) {
        connector.clearRejection();
        healthy(connectedSummary());
      }
    }

    @Override
    public void onSessionInactive(UaSession session) {
      sessionActive = false;
      if (client != null && !closed) {
        failures.incrementAndGet();
        failing("connection to " + settings.endpoint() + " lost; reconnecting");
      }
    }
  }

  /** Re-creates the subscription when the server no longer has it. */
  private final class SubscriptionListener implements ManagedSubscription.StatusListener {
    @Override
    public void onSubscriptionTransferFailed(ManagedSubscription s, StatusCode code) {
      // Not on Milo's thread: creating a subscription waits for Milo's responses.
      schedule(
          () -> resubscribe("transfer failed: " + OpcUaConnector.statusName(code), s),
          Duration.ZERO);
    }

    @Override
    public void onSubscriptionStatusChanged(ManagedSubscription s, StatusCode code) {
      if (code.getValue() == StatusCodes.Bad_Timeout) {
        schedule(() -> resubscribe("timed out on the server", s), Duration.ZERO);
      }
    }
  }

  /** Tells the watchdog each time the server sends values or a keep-alive. */
  private final class Heartbeat implements UaSubscription.NotificationListener {
    @Override
    public void onDataChangeNotification(
        UaSubscription s, List<UaMonitoredItem> items, List<DataValue> values, DateTime at) {
      heard(s);
    }

    @Override
    public void onKeepAliveNotification(UaSubscription s, DateTime at) {
      heard(s);
    }

    private void heard(UaSubscription from) {
      ManagedSubscription current = subscription;
      // null while the subscription is being created; another one's is a late word of the old
      if (current == null || current.getSubscription() == from) {
        watchdog.heard(System.nanoTime());
      }
    }
  }

  // ---- health

  private record Status(boolean ok, String detail) {}

  private void healthy(String detail) {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      if (failing) {
        LOG.info(name + ": " + detail);
      }
      failing = false;
      status = new Status(true, detail);
    }
  }

  private void failing(String detail) {
    synchronized (lifecycle) {
      if (closed) {
        return;
      }
      if (!failing) {
        LOG.warning(name + ": " + detail);
      }
      failing = true;
      status = new Status(false, detail);
    }
  }

  private String connectedSummary() {
    return "subscribed to "
        + nodeIds.size()
        + " point(s) at "
        + settings.endpoint()
        + " ("
        + settings.security()
        + (settings.username() == null ? ", anonymous" : ", user '" + settings.username() + "'")
        + ")";
  }

  private String describeProblems() {
    return problems.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + " (" + e.getValue() + ")")
        .collect(Collectors.joining(", "));
  }

  private Health summarize(List<DataValue> values) {
    List<String> read = new ArrayList<>();
    List<String> bad = new ArrayList<>();
    int i = 0;
    for (Map.Entry<String, NodeId> point : nodeIds.entrySet()) {
      DataValue value = values.get(i++);
      String where = point.getKey() + " (" + point.getValue().toParseableString() + ")";
      StatusCode code = value.getStatusCode();
      Object raw = value.getValue() == null ? null : value.getValue().getValue();
      Object metric = OpcUaValues.toMetric(raw);
      if (code != null && !code.isGood()) {
        bad.add(where + ": " + OpcUaConnector.statusName(code));
      } else if (metric == null) {
        bad.add(where + ": unsupported " + OpcUaValues.typeName(raw));
      } else {
        String text = String.valueOf(metric);
        read.add(
            point.getKey()
                + "="
                + (text.length() > SUMMARY_VALUE_CHARS
                    ? text.substring(0, SUMMARY_VALUE_CHARS) + "…"
                    : text));
      }
    }
    String summary =
        "read "
            + read.size()
            + " of "
            + nodeIds.size()
            + " point(s) from "
            + settings.endpoint()
            + (read.isEmpty() ? "" : ": " + String.join(", ", read));
    if (bad.isEmpty()) {
      return new Health(true, summary, 0, 0);
    }
    return new Health(
        false,
        summary
            + "; failed: "
            + String.join(", ", bad)
            + "; check the node ids in the configuration against the server's address space",
        0,
        bad.size());
  }

  // ---- helpers

  private void schedule(Runnable task, Duration delay) {
    try {
      executor.schedule(
          () -> {
            try {
              task.run();
            } catch (RuntimeException e) {
              failures.incrementAndGet();
              LOG.log(Level.WARNING, name + ": unexpected failure in the OPC UA collector", e);
            }
          },
          delay.toMillis(),
          TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException e) {
      // Closed meanwhile.
    }
  }

  private static Duration longer(Duration backoff) {
    Duration doubled = backoff.multipliedBy(2);
    return doubled.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : doubled;
  }

  private static void validate(OpcUaSettings settings) {
    String name = settings.device().username();
    if (settings.endpoint() == null || !settings.endpoint().startsWith("opc.tcp://")) {
      throw new IllegalArgumentException(
          name + ": endpoint '" + settings.endpoint() + "' must start with opc.tcp://");
    }
    if (settings.security() == null) {
      throw new IllegalArgumentException(name + ": security must be NONE or BASIC256SHA256");
    }
    if (settings.publishInterval() == null
        || settings.publishInterval().compareTo(Duration.ofMillis(10)) < 0) {
      throw new IllegalArgumentException(name + ": the publish interval must be at least 10 ms");
    }
    if (settings.points().isEmpty()) {
      throw new IllegalArgumentException(name + ": no points to subscribe to");
    }
    Set<String> seen = new HashSet<>();
    for (Point point : settings.points()) {
      if (!seen.add(point.spec().name())) {
        throw new IllegalArgumentException(
            name + ": point '" + point.spec().name() + "' appears twice");
      }
      if (point.samplingInterval() == null || point.samplingInterval().isNegative()) {
        throw new IllegalArgumentException(
            name
                + ": point '"
                + point.spec().name()
                + "' needs a sampling interval of 0 (as fast as the server can) or more");
      }
      if (point.nodeId() == null) {
        throw new IllegalArgumentException(
            name + ": point '" + point.spec().name() + "' has no node id");
      }
    }
  }
}
