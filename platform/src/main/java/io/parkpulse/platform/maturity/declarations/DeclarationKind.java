package io.parkpulse.platform.maturity.declarations;

import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * What tells one kind of declaration from another: what it is called in answers and audit entries,
 * which keys exist, and its table. The rule is the same for all: {@link DeclarationService}.
 *
 * @param thing what a key names, for a 404 on an unknown one: {@code question}
 * @param undeclared for a 404 when verifying what was never declared: {@code answer to}
 * @param viewersCannot the 403 for a caller who may not declare
 * @param keyField the key's name in audit details: {@code question}
 * @param valueField the value's name in audit details: {@code answer}
 * @param auditAction the audit action's prefix, followed by {@code -declared}, {@code -verified} or
 *     {@code -rejected}
 * @param exists whether a key may be declared
 * @param repository its table
 * @param create a new declaration of a key by an enterprise
 */
record DeclarationKind<V, D extends Declaration<V>>(
    String thing,
    String undeclared,
    String viewersCannot,
    String keyField,
    String valueField,
    String auditAction,
    Predicate<String> exists,
    DeclarationRepository<D> repository,
    BiFunction<String, String, D> create) {}
