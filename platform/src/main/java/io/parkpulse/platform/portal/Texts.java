package io.parkpulse.platform.portal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The portal's words in its two languages, from {@code portal/messages_zh.properties} and {@code
 * portal/messages_en.properties} (UTF-8). Chinese is the default: parks and their enterprises work
 * in Chinese, and English is one click away.
 */
public final class Texts {

  /** The languages the portal speaks, the default first. */
  public enum Lang {
    ZH("zh", "zh-CN", Locale.SIMPLIFIED_CHINESE),
    EN("en", "en", Locale.UK);

    private final String id;
    private final String tag;
    private final Locale locale;

    Lang(String id, String tag, Locale locale) {
      this.id = id;
      this.tag = tag;
      this.locale = locale;
    }

    public String id() {
      return id;
    }

    /** The {@code lang} attribute of the page. */
    public String tag() {
      return tag;
    }

    public Locale locale() {
      return locale;
    }

    /** The language with id {@code id}; the default for anything else, including null. */
    public static Lang of(String id) {
      return "en".equals(id) ? EN : ZH;
    }
  }

  private final Map<Lang, Map<String, String>> messages;

  private Texts(Map<Lang, Map<String, String>> messages) {
    this.messages = messages;
  }

  /** Loads both languages from the class path. */
  public static Texts load() {
    Map<Lang, Map<String, String>> all = new TreeMap<>();
    for (Lang lang : Lang.values()) {
      all.put(lang, read("portal/messages_" + lang.id() + ".properties"));
    }
    return new Texts(all);
  }

  /** The message {@code key} in {@code lang}; the key itself, bracketed, if it has none. */
  public String get(Lang lang, String key) {
    String text = messages.get(lang).get(key);
    return text == null ? "[" + key + "]" : text;
  }

  /** Every key and message of {@code lang}, sorted. */
  public Map<String, String> all(Lang lang) {
    return Collections.unmodifiableMap(messages.get(lang));
  }

  private static Map<String, String> read(String resource) {
    try (InputStream in = Texts.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(resource + " is missing from the class path");
      }
      Properties properties = new Properties();
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      Map<String, String> map = new TreeMap<>();
      properties.forEach((k, v) -> map.put((String) k, (String) v));
      return map;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
