package io.parkpulse.platform.mu.ranking;

/**
 * One enterprise's figures for a year of the 亩均效益 evaluation. Any of them may be unknown (null):
 * the enterprise is then listed but not ranked.
 *
 * @param enterprise the enterprise id
 * @param name its name, as shown
 * @param landMu land it uses, in 亩
 * @param tax10kYuan taxes paid, in 10,000 yuan
 * @param sales10kYuan sales revenue, in 10,000 yuan
 * @param tce comprehensive energy consumption, in tonnes of standard coal equivalent
 */
public record MuInput(
    String enterprise,
    String name,
    Double landMu,
    Double tax10kYuan,
    Double sales10kYuan,
    Double tce) {}
