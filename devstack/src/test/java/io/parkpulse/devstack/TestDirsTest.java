package io.parkpulse.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestDirsTest {

  @TempDir Path base;
  private String previous;

  @BeforeEach
  void useTempBase() {
    previous = System.setProperty("parkpulse.test.dir", base.toString());
  }

  @AfterEach
  void restoreBase() {
    if (previous == null) {
      System.clearProperty("parkpulse.test.dir");
    } else {
      System.setProperty("parkpulse.test.dir", previous);
    }
  }

  @Test
  void stopsTheServerAKilledRunLeftBehindAndDeletesItsDirectory() throws Exception {
    Path leftover = Files.createDirectories(base.resolve("parkpulse-postgres-123"));
    Process orphan = new ProcessBuilder("sleep", "300").start();
    Files.writeString(leftover.resolve("postmaster.pid"), orphan.pid() + "\n/some/data/dir\n");
    Path unrelated = Files.createDirectories(base.resolve("parkpulse-kafka-456"));

    Path fresh = TestDirs.create("postgres");

    assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).isTrue();
    assertThat(leftover).doesNotExist();
    assertThat(unrelated).exists();
    assertThat(fresh).isEmptyDirectory().hasParent(base);
    assertThat(fresh.getFileName().toString()).startsWith("parkpulse-postgres-");
  }

  @Test
  void aDirectoryThisJvmMadeIsNoLeftoverEvenForAnotherClassLoader() throws Exception {
    Path first = TestDirs.create("kafka");
    Files.writeString(first.resolve("meta.properties"), "in use\n");

    // A copy of TestDirs in a class loader of its own, as Quarkus makes for a test profile.
    Path classes =
        Path.of(TestDirs.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    try (URLClassLoader other =
        new URLClassLoader(
            new URL[] {classes.toUri().toURL()}, ClassLoader.getPlatformClassLoader()) {
          @Override
          protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            return name.startsWith("io.parkpulse.devstack.process")
                ? TestDirsTest.class.getClassLoader().loadClass(name)
                : super.loadClass(name, resolve);
          }
        }) {
      Class<?> copy = other.loadClass(TestDirs.class.getName());
      assertThat(copy).isNotSameAs(TestDirs.class);
      Path second = (Path) copy.getMethod("create", String.class).invoke(null, "kafka");

      assertThat(second).isNotEqualTo(first);
    }
    assertThat(first.resolve("meta.properties")).exists();
  }
}
