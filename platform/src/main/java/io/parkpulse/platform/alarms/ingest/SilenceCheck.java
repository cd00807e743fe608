package io.parkpulse.platform.alarms.ingest;

import io.parkpulse.model.DeviceRef;
import io.parkpulse.platform.alarms.rules.Condition;
import io.parkpulse.platform.alarms.rules.RuleState;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * Evaluates the silence rules ({@code silentSeconds}) on the devices' last-seen times: opens a
 * rule's alarm on a device that has not reported for the rule's time, clears it once the device
 * reports again. Run on a timer by one replica at a time; it keeps no state of its own, the
 * database has it all.
 */
public final class SilenceCheck {

  private final RuleCatalog catalog;
  private final AlarmStore store;

  public SilenceCheck(RuleCatalog catalog, AlarmStore store) {
    this.catalog = catalog;
    this.store = store;
  }

  /**
   * Checks every silence rule as of {@code now}.
   *
   * @return how many alarms were raised or cleared
   */
  public int check(Instant now) throws Exception {
    int changed = 0;
    for (RuleCatalog.Rule rule : catalog.rules()) {
      if (!(rule.condition() instanceof Condition.Silent silent)) {
        continue;
      }
      Map<DeviceRef, AlarmStore.Open> open = store.open(rule.id());
      for (Map.Entry<DeviceRef, Instant> seen : catalog.lastSeen(rule)) {
        AlarmStore.Open alarm = open.get(seen.getKey());
        Optional<RuleState.Change> change =
            RuleState.silence(silent, seen.getValue(), alarm != null && alarm.raised(), now);
        if (change.isPresent()) {
          store.apply(
              rule.store(),
              seen.getKey(),
              alarm == null ? null : alarm.id(),
              false,
              change.get(),
              "",
              "last seen " + seen.getValue(),
              false,
              false);
          changed++;
        }
      }
    }
    return changed;
  }
}
