package io.parkpulse.platform.notifications.send;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The signatures receivers check: ParkPulse's own for webhooks, DingTalk's for its robots. */
public final class Signatures {

  private Signatures() {}

  /**
   * A webhook's {@code X-ParkPulse-Signature}: {@code sha256=} and the lowercase hex HMAC-SHA256,
   * keyed with the channel's secret, of the timestamp header's value, a dot, and the body's bytes.
   */
  public static String webhook(String secret, long timestampSeconds, byte[] body) {
    byte[] prefix = (timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
    byte[] signed = new byte[prefix.length + body.length];
    System.arraycopy(prefix, 0, signed, 0, prefix.length);
    System.arraycopy(body, 0, signed, prefix.length, body.length);
    return "sha256=" + HexFormat.of().formatHex(hmac(secret, signed));
  }

  /**
   * DingTalk's {@code sign} query parameter, URL-encoded: Base64 of the HMAC-SHA256, keyed with the
   * robot's secret, of the timestamp in milliseconds, a line feed and the secret.
   */
  public static String dingtalk(String secret, long timestampMillis) {
    byte[] mac = hmac(secret, (timestampMillis + "\n" + secret).getBytes(StandardCharsets.UTF_8));
    return URLEncoder.encode(Base64.getEncoder().encodeToString(mac), StandardCharsets.UTF_8);
  }

  private static byte[] hmac(String secret, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }
}
