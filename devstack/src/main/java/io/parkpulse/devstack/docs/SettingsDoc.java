package io.parkpulse.devstack.docs;

import io.parkpulse.devstack.docs.ConfigMappingSettings.Setting;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Quarkus application's table in {@code docs/configuration.md} (property | environment variable |
 * default | meaning), held against the code: the application's {@code @ConfigMapping} and the
 * settings its {@code application.properties} takes from environment variables ({@code
 * quarkus.datasource.username=${PARKPULSE_DB_USER:postgres}}). Every check returns its problems,
 * each saying which property is missing or wrong, where, and what the code has.
 *
 * <p>The default column holds the default as one code span ({@code `5`}), {@code required} when
 * there is none and the application does not start without it, or words (such as {@code none}) for
 * a setting that may be left unset.
 */
public final class SettingsDoc {

  private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^:}]+)(?::(.*))?}");

  private final String table;
  private final Map<String, DocTable.Row> rows = new LinkedHashMap<>();
  private final List<String> unreadable = new ArrayList<>();

  private SettingsDoc(Path doc, String heading) {
    this.table = "the table under '" + heading + "' of " + DocTable.displayName(doc);
    for (DocTable.Row row :
        DocTable.read(doc, heading, "property", "environment variable", "default", "meaning")) {
      Optional<String> property = row.code("property");
      if (property.isEmpty()) {
        unreadable.add(row.where() + ": write one property per row, as `name`");
      } else if (rows.containsKey(property.get())) {
        unreadable.add(
            row.where()
                + ": `"
                + property.get()
                + "` again (also "
                + rows.get(property.get()).where()
                + ")");
      } else {
        rows.put(property.get(), row);
      }
    }
  }

  /** The table under the heading {@code heading} (e.g. {@code Platform}) of {@code doc}. */
  public static SettingsDoc read(Path doc, String heading) {
    return new SettingsDoc(doc, heading);
  }

  /**
   * Every property of {@code mapping} that is not in the table, or is with another environment
   * variable than SmallRye reads, or another default than the code's.
   */
  public List<String> checkMapping(Class<?> mapping) {
    List<String> problems = new ArrayList<>();
    for (Setting setting : ConfigMappingSettings.of(mapping)) {
      check(
          setting.property(),
          setting.declaredAt(),
          ConfigMappingSettings.environmentVariable(setting.property()),
          setting.defaultValue(),
          setting.required(),
          problems);
    }
    return problems;
  }

  /**
   * Every setting of {@code applicationProperties} that names an environment variable ({@code
   * ${NAME:default}}) and is not in the table, or is with another variable or default.
   */
  public List<String> checkEnvironmentReferences(Path applicationProperties) {
    List<String> problems = new ArrayList<>();
    String file = applicationProperties.normalize().toString();
    read(applicationProperties)
        .forEach(
            (property, value) -> {
              if (!value.contains("${")) {
                return;
              }
              Matcher reference = REFERENCE.matcher(value);
              if (!reference.matches()) {
                problems.add(
                    file
                        + ": "
                        + property
                        + "="
                        + value
                        + " is not of the form ${ENVIRONMENT_VARIABLE:default} this check reads");
                return;
              }
              check(
                  property,
                  file + " (" + property + "=" + value + ")",
                  reference.group(1),
                  reference.group(2),
                  reference.group(2) == null,
                  problems);
            });
    return problems;
  }

  /**
   * Rows the check cannot read, and rows of properties that neither {@code mapping} nor {@code
   * applicationProperties} has; for a property {@code applicationProperties} sets to a plain value
   * ({@code quarkus.http.port=8080}), that value is the documented default.
   */
  public List<String> checkNothingElse(Class<?> mapping, Path applicationProperties) {
    List<String> problems = new ArrayList<>(unreadable);
    List<String> mapped =
        ConfigMappingSettings.of(mapping).stream().map(Setting::property).toList();
    Map<String, String> properties = read(applicationProperties);
    String file = applicationProperties.normalize().toString();
    rows.forEach(
        (property, row) -> {
          String value = properties.get(property);
          if (mapped.contains(property) || (value != null && value.contains("${"))) {
            return; // checked against the code by the other checks
          }
          if (value == null) {
            problems.add(
                row.where()
                    + ": `"
                    + property
                    + "` is documented, but neither "
                    + mapping.getSimpleName()
                    + " nor "
                    + file
                    + " has it; remove the row or add the setting");
            return;
          }
          check(
              property,
              file + " (" + property + "=" + value + ")",
              ConfigMappingSettings.environmentVariable(property),
              value,
              false,
              problems);
        });
    return problems;
  }

  private void check(
      String property,
      String source,
      String variable,
      String defaultValue,
      boolean required,
      List<String> problems) {
    DocTable.Row row = rows.get(property);
    if (row == null) {
      problems.add(
          "`"
              + property
              + "` ("
              + source
              + ") is not in "
              + table
              + "; add a row: | `"
              + property
              + "` | `"
              + variable
              + "` | "
              + documented(defaultValue, required)
              + " | … |");
      return;
    }
    String at = row.where() + ": `" + property + "`";
    Optional<String> documentedVariable = row.code("environment variable");
    if (!documentedVariable.equals(Optional.of(variable))) {
      problems.add(
          at
              + " has the environment variable "
              + row.cell("environment variable")
              + ", but "
              + source
              + " is read from `"
              + variable
              + "`");
    }
    String cell = row.cell("default");
    Optional<String> documentedDefault = row.code("default");
    boolean right =
        defaultValue != null
            ? documentedDefault.equals(Optional.of(defaultValue))
            : documentedDefault.isEmpty()
                && !cell.isEmpty()
                && cell.equalsIgnoreCase("required") == required;
    if (!right) {
      problems.add(
          at
              + " has the default "
              + (cell.isEmpty() ? "(empty)" : cell)
              + ", but "
              + source
              + (defaultValue != null
                  ? " has `" + defaultValue + "`"
                  : required ? " has none and is required" : " has none and may be left unset")
              + ": write "
              + documented(defaultValue, required));
    }
  }

  private static String documented(String defaultValue, boolean required) {
    return defaultValue != null ? "`" + defaultValue + "`" : required ? "required" : "none";
  }

  /** The settings of the default profile, by property ({@code %test.} and the like left out). */
  private static Map<String, String> read(Path applicationProperties) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(applicationProperties)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read " + applicationProperties.toAbsolutePath().normalize(), e);
    }
    Map<String, String> settings = new TreeMap<>();
    properties.forEach(
        (key, value) -> {
          if (!key.toString().startsWith("%")) {
            settings.put(key.toString(), value.toString().trim());
          }
        });
    return settings;
  }
}
