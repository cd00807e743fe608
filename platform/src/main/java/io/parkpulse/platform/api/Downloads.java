package io.parkpulse.platform.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;

/**
 * A file someone uploaded, served back as a download: never shown inline, never sniffed as
 * something else by the browser, under a name that cannot break the header.
 */
public final class Downloads {

  /** The name of a file whose uploaded name leaves nothing usable. */
  static final String FALLBACK_NAME = "download";

  private Downloads() {}

  /**
   * {@code content} as an attachment named {@code fileName}, of {@code contentType} (null: {@code
   * application/octet-stream}). {@code X-Content-Type-Options: nosniff} comes with every answer of
   * the platform (application.properties), so it is not set here a second time.
   */
  public static Response attachment(String fileName, byte[] content, String contentType) {
    return Response.ok(
            content, contentType == null ? MediaType.APPLICATION_OCTET_STREAM : contentType)
        .header("Content-Disposition", contentDisposition(fileName))
        .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
        .build();
  }

  /**
   * {@code attachment; filename="..."} with an ASCII name any browser reads, plus RFC 6266's {@code
   * filename*} (UTF-8, percent-encoded) when the real name is not plain ASCII.
   */
  static String contentDisposition(String fileName) {
    String name = baseName(fileName);
    String ascii = asciiName(name);
    String header = "attachment; filename=\"" + ascii + "\"";
    return ascii.equals(name) ? header : header + "; filename*=UTF-8''" + percentEncoded(name);
  }

  /** The last segment of a path a browser or client may have sent, without control characters. */
  private static String baseName(String fileName) {
    String name = fileName == null ? "" : fileName;
    name = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
    name =
        name.codePoints()
            .filter(c -> !Character.isISOControl(c))
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    name = name.strip();
    return name.isEmpty() || name.equals(".") || name.equals("..") ? FALLBACK_NAME : name;
  }

  /** Letters, digits and {@code . - _ ( ) space} kept; anything else becomes {@code _}. */
  private static String asciiName(String name) {
    StringBuilder ascii = new StringBuilder();
    for (char c : name.toCharArray()) {
      boolean kept =
          c < 0x80
              && (Character.isLetterOrDigit(c)
                  || c == '.'
                  || c == '-'
                  || c == '_'
                  || c == ' '
                  || c == '('
                  || c == ')');
      ascii.append(kept ? c : '_');
    }
    return ascii.toString();
  }

  /** RFC 8187's value-chars: attr-chars as they are, every other byte of UTF-8 as {@code %XX}. */
  private static String percentEncoded(String name) {
    StringBuilder encoded = new StringBuilder();
    for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c < 0x80 && (Character.isLetterOrDigit(c) || "!#$&+-.^_`|~".indexOf(c) >= 0)) {
        encoded.append((char) c);
      } else {
        encoded.append('%').append(String.format("%02X", c));
      }
    }
    return encoded.toString();
  }
}
