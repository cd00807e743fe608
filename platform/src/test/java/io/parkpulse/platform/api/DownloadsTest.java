package io.parkpulse.platform.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;

class DownloadsTest {

  @Test
  void aPlainNameIsQuotedAsItIs() {
    assertThat(Downloads.contentDisposition("plan-2026 (v2).pdf"))
        .isEqualTo("attachment; filename=\"plan-2026 (v2).pdf\"");
  }

  @Test
  void aChineseNameGetsAnAsciiFallbackAndItsUtf8FormPerRfc6266() {
    assertThat(Downloads.contentDisposition("规划.pdf"))
        .isEqualTo("attachment; filename=\"__.pdf\"; filename*=UTF-8''%E8%A7%84%E5%88%92.pdf");
  }

  @Test
  void quotesPathsAndControlCharactersCannotBreakTheHeaderOrNameAnotherPlace() {
    String header = Downloads.contentDisposition("..\\evil\"; x=\"y\r\nSet-Cookie: a=b.txt");
    assertThat(header).doesNotContain("\r").doesNotContain("\n");
    assertThat(header)
        .startsWith("attachment; filename=\"evil__ x__ySet-Cookie_ a_b.txt\"; filename*=UTF-8''");
    assertThat(header.substring(header.indexOf("filename*="))).doesNotContain("\"", " ", ";");
    assertThat(Downloads.contentDisposition("../.."))
        .isEqualTo("attachment; filename=\"download\"");
    assertThat(Downloads.contentDisposition("/tmp/"))
        .isEqualTo("attachment; filename=\"download\"");
    assertThat(Downloads.contentDisposition(null)).isEqualTo("attachment; filename=\"download\"");
  }

  @Test
  void theDownloadIsNeverSniffedAndIsBytesUnlessATypeIsKnown() {
    Response r = Downloads.attachment("a.txt", new byte[] {1}, null);
    assertThat(r.getMediaType()).hasToString("application/octet-stream");
    assertThat(Downloads.attachment("a.pdf", new byte[] {1}, "application/pdf").getMediaType())
        .hasToString("application/pdf");
  }
}
