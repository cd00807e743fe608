package io.parkpulse.platform;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * A real SMTP server (GreenMail) for the e-mail notifications, and notification settings that let a
 * test drive the planner and the delivery itself: the scheduled run only once an hour, three
 * attempts 5 s and 30 s apart.
 */
public class MailTestResource implements QuarkusTestResourceLifecycleManager {

  private GreenMail mail;

  @Override
  public Map<String, String> start() {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port for the test SMTP server", e);
    }
    mail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
    mail.start();
    return Map.of(
        "quarkus.mailer.mock", "false",
        "quarkus.mailer.host", "127.0.0.1",
        "quarkus.mailer.port", Integer.toString(port),
        "quarkus.mailer.start-tls", "DISABLED",
        "quarkus.mailer.from", "alarms@ntf.test",
        "parkpulse.platform.notifications.interval", "1H",
        "parkpulse.platform.notifications.max-attempts", "3",
        "parkpulse.platform.notifications.retry-delays", "5S,30S",
        "parkpulse.platform.portal.public-url", "https://portal.ntf.test/",
        // The test's receivers listen on loopback; other internal networks stay refused.
        "parkpulse.platform.notifications.allowed-networks", "127.0.0.0/8");
  }

  @Override
  public void inject(TestInjector injector) {
    injector.injectIntoFields(mail, new TestInjector.MatchesType(GreenMail.class));
  }

  @Override
  public void stop() {
    if (mail != null) {
      mail.stop();
    }
  }
}
