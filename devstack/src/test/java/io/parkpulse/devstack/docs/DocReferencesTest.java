package io.parkpulse.devstack.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DocReferencesTest {

  @TempDir Path repo;

  @Test
  void everyDocumentNamesOnlyFilesClassesCommandsAndEndpointsTheRepositoryHas() {
    DocReferences references = DocReferences.of(Path.of(".."));
    List<Path> documents = references.documents();
    assertThat(documents)
        .extracting(p -> p.getFileName().toString())
        .contains("README.md", "architecture.md", "maturity.md", "CONTRIBUTING.md", "CHANGELOG.md");

    List<String> problems = new ArrayList<>();
    documents.forEach(doc -> problems.addAll(references.check(doc)));

    assertThat(problems).as("what the documents name and the repository does not have").isEmpty();
  }

  @Test
  void acceptsWhatTheRepositoryHas() throws Exception {
    DocReferences references = DocReferences.of(fakeRepository());

    assertThat(
            references.check(
                "docs/guide.md",
                """
                # Guide

                ## Set up a park

                See [the other guide](other.md#the-part), [above](#set-up-a-park) and
                [the README](../README.md). Run `./parkpulse demo` or `bench/ingest.sh 1000`; the
                gate is `TenancyGate` (`tenancy.TenancyGate`, `TenancyGate.Scope`,
                `TenancyGate.check(caller)`), built on `KafkaRaftServer` and `ConcurrentHashMap`.
                Schemas: `schemas/registry-entry.v1.json`, `platform/…/TenancyGate.java`. Endpoints:
                `POST /api/v1/parks`, `/api/v1/parks/{p}/enterprises?limit=5`, `…/enterprises/{e}`,
                `/portal/admin`. Build output (`platform/target/app.jar`), the demo's
                `…/.parkpulse/kafka-client.properties` and the controller's
                `/etc/parkpulse-agent/agent.yaml` are not the repository's.

                ```
                bench/ingest.sh 1000000 2000
                curl 'http://127.0.0.1:8080/api/v1/parks/demo'
                ```
                """))
        .isEmpty();
  }

  @Test
  void namesAMissingFileAMadeUpClassAndAnUnknownEndpoint() throws Exception {
    DocReferences references = DocReferences.of(fakeRepository());

    assertThat(
            references.check(
                "docs/guide.md",
                """
                # Guide

                Read [the maturity model](MATURITY.md) and [limits](other.md#limits).
                Run `bench/scoring.sh` or `./parkpulse deploy`; see `docs/gone/`.
                The gate is `TenancyGuard`, also `gateway.TenancyGate`, `TenancyGate.Nested` and
                `TenancyGate.admit(caller)`. Call `/api/v1/parks/{p}/assessments`, `/portal/nope`
                and `…/enterprises/{e}/devices`.

                ```sh
                ./missing.sh --now
                ```
                """))
        .containsExactly(
            "docs/guide.md line 3: the link to MATURITY.md leads nowhere: there is no"
                + " docs/MATURITY.md",
            "docs/guide.md line 3: the link to other.md#limits names no heading of docs/other.md"
                + " (#limits)",
            "docs/guide.md line 4: `bench/scoring.sh` names a file or directory the repository does"
                + " not have",
            "docs/guide.md line 4: `./parkpulse deploy` is not a command of ./parkpulse (it has"
                + " [demo, test])",
            "docs/guide.md line 4: `docs/gone/` names a file or directory the repository does not"
                + " have",
            "docs/guide.md line 5: `TenancyGuard` names a class that no source file of the"
                + " repository declares (nor does its code or configuration use it)",
            "docs/guide.md line 5: `gateway.TenancyGate` names gateway.TenancyGate, which no source"
                + " file declares so (TenancyGate is in"
                + " platform/src/main/java/io/parkpulse/platform/tenancy/TenancyGate.java)",
            "docs/guide.md line 5: `TenancyGate.Nested` names TenancyGate.Nested, which no source"
                + " file declares so (TenancyGate is in"
                + " platform/src/main/java/io/parkpulse/platform/tenancy/TenancyGate.java)",
            "docs/guide.md line 6: `TenancyGate.admit(caller)` names admit, which"
                + " [platform/src/main/java/io/parkpulse/platform/tenancy/TenancyGate.java] does"
                + " not have",
            "docs/guide.md line 6: `/api/v1/parks/{p}/assessments` is not an endpoint of the"
                + " platform (no @Path matches it)",
            "docs/guide.md line 6: `/portal/nope` is not an endpoint of the platform (no @Path"
                + " matches it)",
            "docs/guide.md line 7: `…/enterprises/{e}/devices` is not an endpoint of the platform"
                + " (no @Path matches it)",
            "docs/guide.md line 10: `./missing.sh` names a file or directory the repository does"
                + " not have");
  }

  @Test
  void anchorsAreGitHubs() {
    assertThat(
            DocReferences.anchors(
                """
                # Edge agent: a guide
                ## 1. See it work: `./parkpulse demo`
                ```
                # not a heading
                ```
                ## TLS and client certificates
                ## Limits
                ## Limits
                """))
        .containsExactly(
            "edge-agent-a-guide",
            "1-see-it-work-parkpulse-demo",
            "tls-and-client-certificates",
            "limits",
            "limits-1");
  }

  private Path fakeRepository() throws Exception {
    write("README.md", "# Readme\n");
    write("docs/other.md", "# Other\n\n## The part\n");
    write("bench/ingest.sh", "#!/bin/sh\n");
    write(
        "parkpulse",
        """
        case "${1:-}" in
          demo) demo ;;
          test) exec mvn verify ;;
        esac
        """);
    write("model/src/main/resources/io/parkpulse/model/schemas/registry-entry.v1.json", "{}");
    write(
        "platform/src/main/java/io/parkpulse/platform/tenancy/TenancyGate.java",
        """
        package io.parkpulse.platform.tenancy;

        import java.util.concurrent.ConcurrentHashMap;

        public final class TenancyGate {
          public record Scope(String park) {}

          public Scope check(Object caller) {
            return null;
          }
        }
        """);
    write(
        "platform/src/main/java/io/parkpulse/platform/parks/ParkResource.java",
        """
        package io.parkpulse.platform.parks;

        @Path("/api/v1/parks")
        public class ParkResource {
          @GET
          @Path("/{id}")
          public Object get() {
            return null;
          }

          @GET
          @Path("/{park}/enterprises")
          public Object enterprises() {
            return null;
          }

          @GET
          @Path("/{park}/enterprises/{id}")
          public Object enterprise() {
            return null;
          }
        }
        """);
    write(
        "platform/src/main/java/io/parkpulse/platform/portal/AdminResource.java",
        """
        package io.parkpulse.platform.portal;

        @Path("/portal/admin")
        public class AdminResource {}
        """);
    write(
        "devstack/src/main/java/io/parkpulse/devstack/kafka/Broker.java",
        """
        package io.parkpulse.devstack.kafka;

        import kafka.server.KafkaRaftServer;

        public class Broker {}
        """);
    write("platform/target/app.jar", "");
    return repo;
  }

  private void write(String path, String content) throws Exception {
    Path file = repo.resolve(path);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
  }
}
