package io.parkpulse.platform.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.ws.rs.POST;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import org.jboss.resteasy.reactive.RestForm;
import org.junit.jupiter.api.Test;

/** Every state-changing portal request carries the session's CSRF token, and checks it. */
class PortalFormsTest {

  @Test
  void everyPortalPostTakesTheCsrfField() {
    List<String> posts = new ArrayList<>();
    List<String> unguarded = new ArrayList<>();
    for (JavaClass javaClass :
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("io.parkpulse.platform.portal")) {
      for (Method method : javaClass.reflect().getDeclaredMethods()) {
        if (method.isAnnotationPresent(POST.class)) {
          String name = javaClass.getSimpleName() + "." + method.getName();
          posts.add(name);
          if (!takesCsrf(method)) {
            unguarded.add(name);
          }
        }
      }
    }
    assertThat(posts).hasSizeGreaterThan(15);
    assertThat(unguarded).as("portal POSTs without @RestForm(Csrf.FIELD)").isEmpty();
  }

  private static boolean takesCsrf(Method method) {
    for (Parameter parameter : method.getParameters()) {
      RestForm form = parameter.getAnnotation(RestForm.class);
      if (form != null && form.value().equals(Csrf.FIELD)) {
        return true;
      }
    }
    return false;
  }
}
