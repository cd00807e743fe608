package io.parkpulse.devstack.docs;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import io.smallrye.config.WithName;
import io.smallrye.config.WithParentName;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * The properties a SmallRye {@code @ConfigMapping} interface reads, named as SmallRye names them:
 * the prefix, then each method through the mapping's naming strategy (kebab-case unless it says
 * otherwise) or its {@code @WithName}, nested interfaces as sub-paths ({@code @WithParentName}:
 * none). A shape it cannot name (a map, or a list of groups) fails loudly rather than being
 * skipped.
 */
public final class ConfigMappingSettings {

  /**
   * A property of the mapping.
   *
   * @param property the full name, e.g. {@code parkpulse.platform.auth.max-failed-logins}
   * @param defaultValue its {@code @WithDefault}, or null
   * @param optional whether it may be left unset without a default ({@code Optional} and the like)
   * @param declaredAt the method that reads it, for messages: {@code
   *     PlatformConfig.auth().lockout()}
   */
  public record Setting(String property, String defaultValue, boolean optional, String declaredAt) {

    /** Whether the application fails to start without it. */
    public boolean required() {
      return defaultValue == null && !optional;
    }
  }

  private ConfigMappingSettings() {}

  /** Every property {@code mapping} reads, sorted by name. */
  public static List<Setting> of(Class<?> mapping) {
    ConfigMapping annotation = mapping.getAnnotation(ConfigMapping.class);
    if (annotation == null) {
      throw new IllegalArgumentException(mapping.getName() + " is not a @ConfigMapping");
    }
    List<Setting> settings = new ArrayList<>();
    walk(
        mapping,
        annotation.prefix(),
        mapping.getSimpleName(),
        annotation.namingStrategy(),
        settings);
    settings.sort(Comparator.comparing(Setting::property));
    return settings;
  }

  /**
   * The environment variable SmallRye reads for {@code property}: upper case, every character other
   * than a letter or digit replaced by {@code _}.
   */
  public static String environmentVariable(String property) {
    return property.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT);
  }

  private static void walk(
      Class<?> group,
      String prefix,
      String where,
      ConfigMapping.NamingStrategy naming,
      List<Setting> settings) {
    for (Method method : group.getMethods()) {
      if (Modifier.isStatic(method.getModifiers())
          || method.isDefault()
          || method.getParameterCount() > 0) {
        continue;
      }
      WithName name = method.getAnnotation(WithName.class);
      String property =
          method.isAnnotationPresent(WithParentName.class)
              ? prefix
              : prefix + "." + (name != null ? name.value() : naming.apply(method.getName()));
      String at = where + "." + method.getName() + "()";
      Type type = method.getGenericReturnType();
      boolean optional = false;
      if (raw(type) == Optional.class) {
        optional = true;
        type = argument(type, 0);
      }
      Class<?> raw = raw(type);
      if (isGroup(raw)) {
        walk(raw, property, at, naming, settings);
        continue;
      }
      if (Map.class.isAssignableFrom(raw)
          || (Collection.class.isAssignableFrom(raw) && isGroup(raw(argument(type, 0))))) {
        throw new IllegalArgumentException(
            at + " returns " + type + ", which this check cannot name yet; extend it");
      }
      optional |=
          raw == OptionalInt.class || raw == OptionalLong.class || raw == OptionalDouble.class;
      WithDefault defaultValue = method.getAnnotation(WithDefault.class);
      settings.add(
          new Setting(property, defaultValue == null ? null : defaultValue.value(), optional, at));
    }
  }

  /** A nested mapping: an interface of the application's, not a JDK type such as a collection. */
  private static boolean isGroup(Class<?> type) {
    return type.isInterface() && !type.getName().startsWith("java.");
  }

  private static Class<?> raw(Type type) {
    if (type instanceof Class<?> c) {
      return c;
    }
    if (type instanceof ParameterizedType p) {
      return (Class<?>) p.getRawType();
    }
    throw new IllegalArgumentException("cannot read the type " + type);
  }

  private static Type argument(Type type, int index) {
    if (type instanceof ParameterizedType p) {
      return p.getActualTypeArguments()[index];
    }
    throw new IllegalArgumentException(type + " has no type argument");
  }
}
