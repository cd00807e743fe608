package io.parkpulse.agent.collect.opcua;

import static org.eclipse.milo.opcua.sdk.server.api.config.OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS;

import java.io.IOException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.milo.opcua.sdk.core.AccessLevel;
import org.eclipse.milo.opcua.sdk.core.Reference;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.api.DataItem;
import org.eclipse.milo.opcua.sdk.server.api.ManagedNamespaceWithLifecycle;
import org.eclipse.milo.opcua.sdk.server.api.MonitoredItem;
import org.eclipse.milo.opcua.sdk.server.api.config.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.nodes.UaFolderNode;
import org.eclipse.milo.opcua.sdk.server.nodes.UaVariableNode;
import org.eclipse.milo.opcua.sdk.server.subscriptions.Subscription;
import org.eclipse.milo.opcua.sdk.server.util.SubscriptionModel;
import org.eclipse.milo.opcua.stack.core.Identifiers;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultTrustListManager;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.UserTokenType;
import org.eclipse.milo.opcua.stack.core.types.structured.UserTokenPolicy;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateBuilder;
import org.eclipse.milo.opcua.stack.core.util.SelfSignedCertificateGenerator;
import org.eclipse.milo.opcua.stack.server.EndpointConfiguration;
import org.eclipse.milo.opcua.stack.server.security.DefaultServerCertificateValidator;

/**
 * A real OPC UA server (Milo) in the test's JVM: a None and a Basic256Sha256 sign-and-encrypt
 * endpoint, anonymous access and the user {@code edge}/{@code secret}, and the variables {@code
 * Sim/Temperature} (Double), {@code Sim/Counter} (Int32), {@code Sim/Running} (Boolean) and {@code
 * Sim/Mode} (String), which the test changes and clients may write, and {@code Sim/Model} (String),
 * which clients may only read. Like a real server it keeps its certificate, trust list and values
 * across {@link #stop()} and {@link #start()}.
 */
final class OpcUaTestServer implements AutoCloseable {

  static final String USER = "edge";
  static final String PASSWORD = "secret";
  private static final String NAMESPACE = "urn:parkpulse:test:sim";
  private static final String APPLICATION_URI = "urn:parkpulse:test:sim-server";
  // The password is encrypted for the server's certificate even on the None endpoint.
  private static final UserTokenPolicy USER_TOKEN_POLICY_USERNAME =
      new UserTokenPolicy(
          "username", UserTokenType.UserName, null, null, SecurityPolicy.Basic256Sha256.getUri());

  private final int port;
  private final KeyPair keyPair;
  private final X509Certificate certificate;
  private final DefaultTrustListManager trustList;
  private static final Set<String> READ_ONLY = Set.of("Model");

  private final Map<String, Object> values =
      new ConcurrentHashMap<>(
          new LinkedHashMap<>(
              Map.of(
                  "Temperature",
                  20.5,
                  "Counter",
                  0,
                  "Running",
                  false,
                  "Mode",
                  "AUTO",
                  "Model",
                  "PX-7")));
  private volatile OpcUaServer server;
  private volatile SimNamespace namespace;
  private volatile int namespaceIndex = 2;

  OpcUaTestServer(int port, Path pkiDir) throws Exception {
    this.port = port;
    this.keyPair = SelfSignedCertificateGenerator.generateRsaKeyPair(2048);
    this.certificate =
        new SelfSignedCertificateBuilder(keyPair)
            .setCommonName("ParkPulse test server")
            .setApplicationUri(APPLICATION_URI)
            .addDnsName("localhost")
            .addIpAddress("127.0.0.1")
            .build();
    this.trustList = new DefaultTrustListManager(pkiDir.toFile());
  }

  String endpoint() {
    return "opc.tcp://127.0.0.1:" + port + "/sim";
  }

  /** The node id of a variable, e.g. {@code ns=2;s=Sim/Temperature}. */
  String nodeId(String variable) {
    return "ns=" + namespaceIndex + ";s=Sim/" + variable;
  }

  X509Certificate certificate() {
    return certificate;
  }

  /** Trusts a client's certificate, as a technician does in the server's configuration. */
  void trust(X509Certificate client) {
    trustList.addTrustedCertificate(client);
  }

  synchronized void start() throws Exception {
    EndpointConfiguration.Builder base =
        EndpointConfiguration.newBuilder()
            .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
            .setBindAddress("127.0.0.1")
            .setHostname("127.0.0.1")
            .setBindPort(port)
            .setPath("/sim")
            .setCertificate(certificate)
            .addTokenPolicies(USER_TOKEN_POLICY_ANONYMOUS, USER_TOKEN_POLICY_USERNAME);
    Set<EndpointConfiguration> endpoints = new LinkedHashSet<>();
    endpoints.add(
        base.copy()
            .setSecurityPolicy(SecurityPolicy.None)
            .setSecurityMode(MessageSecurityMode.None)
            .build());
    endpoints.add(
        base.copy()
            .setSecurityPolicy(SecurityPolicy.Basic256Sha256)
            .setSecurityMode(MessageSecurityMode.SignAndEncrypt)
            .build());
    OpcUaServerConfig config =
        OpcUaServerConfig.builder()
            .setApplicationUri(APPLICATION_URI)
            .setApplicationName(LocalizedText.english("ParkPulse test server"))
            .setProductUri("urn:parkpulse:test")
            .setEndpoints(endpoints)
            // Milo's server needs all three even when only None is used.
            .setCertificateManager(new DefaultCertificateManager(keyPair, certificate))
            .setTrustListManager(trustList)
            .setCertificateValidator(new DefaultServerCertificateValidator(trustList))
            .setIdentityValidator(
                new UsernameIdentityValidator(
                    true, c -> USER.equals(c.getUsername()) && PASSWORD.equals(c.getPassword())))
            .build();
    OpcUaServer started = new OpcUaServer(config);
    SimNamespace ns = new SimNamespace(started, values);
    ns.startup();
    started.startup().get();
    server = started;
    namespace = ns;
    namespaceIndex = ns.getNamespaceIndex().intValue();
  }

  synchronized void stop() throws Exception {
    if (server != null) {
      namespace.nodes.forEach((k, n) -> values.put(k, n.getValue().getValue().getValue()));
      namespace.shutdown();
      server.shutdown().get();
      server = null;
      namespace = null;
    }
  }

  /**
   * Deletes every subscription without a word to its client, whose session stays open: what a
   * server that ran out of resources, or lost its subscriptions some other way, does.
   *
   * @return how many there were
   */
  synchronized int forgetSubscriptions() {
    Map<UInteger, Subscription> subscriptions = server.getSubscriptions();
    List<Subscription> all = List.copyOf(subscriptions.values());
    for (Subscription subscription : all) {
      subscription.getSubscriptionManager().removeSubscription(subscription.getId());
      subscription.deleteSubscription();
      subscriptions.remove(subscription.getId());
    }
    return all.size();
  }

  /** Changes a variable; subscribers see it at their next sampling. Kept across a restart. */
  void set(String variable, Object value) {
    values.put(variable, value);
    SimNamespace ns = namespace;
    if (ns != null) {
      ns.nodes.get(variable).setValue(new DataValue(new Variant(value)));
    }
  }

  /** A variable's value as the server holds it, e.g. after a client wrote it. */
  Object get(String variable) {
    SimNamespace ns = namespace;
    return ns == null
        ? values.get(variable)
        : ns.nodes.get(variable).getValue().getValue().getValue();
  }

  @Override
  public void close() throws Exception {
    stop();
    try {
      trustList.close();
    } catch (IOException e) {
      // only the directory watcher
    }
  }

  private static final class SimNamespace extends ManagedNamespaceWithLifecycle {
    private final SubscriptionModel subscriptionModel;
    private final Map<String, UaVariableNode> nodes = new ConcurrentHashMap<>();

    SimNamespace(OpcUaServer server, Map<String, Object> initial) {
      super(server, NAMESPACE);
      subscriptionModel = new SubscriptionModel(server, this);
      getLifecycleManager().addLifecycle(subscriptionModel);
      getLifecycleManager().addStartupTask(() -> createNodes(initial));
    }

    private void createNodes(Map<String, Object> initial) {
      UaFolderNode folder =
          new UaFolderNode(
              getNodeContext(),
              newNodeId("Sim"),
              newQualifiedName("Sim"),
              LocalizedText.english("Sim"));
      getNodeManager().addNode(folder);
      folder.addReference(
          new Reference(
              folder.getNodeId(),
              Identifiers.Organizes,
              Identifiers.ObjectsFolder.expanded(),
              false));
      initial.forEach(
          (name, v) -> {
            NodeId type =
                v instanceof Double
                    ? Identifiers.Double
                    : v instanceof Integer
                        ? Identifiers.Int32
                        : v instanceof Boolean ? Identifiers.Boolean : Identifiers.String;
            UaVariableNode node =
                new UaVariableNode.UaVariableNodeBuilder(getNodeContext())
                    .setNodeId(newNodeId("Sim/" + name))
                    .setBrowseName(newQualifiedName(name))
                    .setDisplayName(LocalizedText.english(name))
                    .setDataType(type)
                    .setTypeDefinition(Identifiers.BaseDataVariableType)
                    .setAccessLevel(
                        READ_ONLY.contains(name) ? AccessLevel.READ_ONLY : AccessLevel.READ_WRITE)
                    .setUserAccessLevel(
                        READ_ONLY.contains(name) ? AccessLevel.READ_ONLY : AccessLevel.READ_WRITE)
                    .build();
            node.setValue(new DataValue(new Variant(v)));
            getNodeManager().addNode(node);
            folder.addOrganizes(node);
            nodes.put(name, node);
          });
    }

    @Override
    public void onDataItemsCreated(List<DataItem> items) {
      subscriptionModel.onDataItemsCreated(items);
    }

    @Override
    public void onDataItemsModified(List<DataItem> items) {
      subscriptionModel.onDataItemsModified(items);
    }

    @Override
    public void onDataItemsDeleted(List<DataItem> items) {
      subscriptionModel.onDataItemsDeleted(items);
    }

    @Override
    public void onMonitoringModeChanged(List<MonitoredItem> items) {
      subscriptionModel.onMonitoringModeChanged(items);
    }
  }
}
