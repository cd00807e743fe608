package io.parkpulse.agent.collect.modbus;

import com.ghgande.j2mod.modbus.msg.ModbusRequest;
import com.ghgande.j2mod.modbus.msg.ModbusResponse;
import com.ghgande.j2mod.modbus.msg.ReadCoilsRequest;
import com.ghgande.j2mod.modbus.msg.ReadCoilsResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputDiscretesResponse;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadInputRegistersResponse;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.ReadMultipleRegistersResponse;
import com.ghgande.j2mod.modbus.msg.WriteCoilRequest;
import com.ghgande.j2mod.modbus.msg.WriteMultipleRegistersRequest;
import com.ghgande.j2mod.modbus.msg.WriteSingleRegisterRequest;
import com.ghgande.j2mod.modbus.procimg.InputRegister;
import com.ghgande.j2mod.modbus.procimg.Register;
import com.ghgande.j2mod.modbus.procimg.SimpleRegister;
import com.ghgande.j2mod.modbus.util.BitVector;
import io.parkpulse.agent.collect.Collector;
import io.parkpulse.agent.collect.ReadingSink;
import io.parkpulse.agent.collect.modbus.ModbusSettings.Area;
import io.parkpulse.agent.collect.modbus.ModbusSettings.Group;
import io.parkpulse.agent.collect.modbus.ModbusSettings.Point;
import io.parkpulse.agent.collect.modbus.ReadPlan.Request;
import io.parkpulse.agent.collect.serial.Bus;
import io.parkpulse.agent.collect.serial.BusMember;
import io.parkpulse.agent.collect.serial.Buses;
import io.parkpulse.agent.collect.serial.Exchange;
import io.parkpulse.agent.collect.serial.RefusedException;
import io.parkpulse.agent.collect.serial.SerialLink;
import io.parkpulse.agent.collect.serial.SerialSettings;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;

/**
 * Polls one Modbus RTU device, a drop on a shared serial {@link Bus}: each group at its own
 * interval, one reading per poll, neighbouring points in one request ({@link ReadPlan}), values
 * decoded as for Modbus TCP ({@link PointDecoder}).
 *
 * <p>The frames are built here over the bus's {@link SerialLink} ({@link RtuFrames}): j2mod's
 * request and response classes give the function codes and data, its {@code calculateCRC} the
 * checksum. j2mod's own serial transport is not used because it opens and owns the port and times
 * the line itself; on a bus the port is shared with other devices (a DL/T 645 meter, other units)
 * and with their gaps, which only the bus's one thread can keep.
 *
 * <p>Writes (the {@code write} command) go to holding registers (function code 6 for one register,
 * 16 for two) and coils (function code 5), on the bus's thread between two polls.
 */
public final class ModbusRtuCollector implements Collector {

  private static final Logger LOG = Logger.getLogger(ModbusRtuCollector.class.getName());

  private final ModbusRtuSettings settings;
  private final BusMember member;
  private final List<List<Request>> plans;
  private final AtomicLong skipped = new AtomicLong();
  private final Set<String> loggedSkips = ConcurrentHashMap.newKeySet();

  /**
   * Checks the settings; the bus is joined only when started.
   *
   * @param buses the agent's buses, where the device's bus is found or started
   * @throws IllegalArgumentException saying which setting is wrong and how
   */
  public ModbusRtuCollector(ModbusRtuSettings settings, Buses buses) {
    validate(settings);
    this.settings = settings;
    this.member =
        new BusMember(
            "Modbus RTU",
            Objects.requireNonNull(buses, "buses"),
            settings.bus(),
            settings.line(),
            "unit " + settings.unitId(),
            settings.device());
    this.plans = settings.groups().stream().map(g -> ReadPlan.of(g.points())).toList();
  }

  @Override
  public void start(ReadingSink sink) {
    List<Bus.Schedule> schedules = new ArrayList<>();
    for (int g = 0; g < plans.size(); g++) {
      int group = g;
      schedules.add(
          new Bus.Schedule(settings.groups().get(group).interval(), link -> poll(link, group)));
    }
    member.join(schedules, sink);
  }

  @Override
  public Health health() {
    int points = settings.groups().stream().mapToInt(g -> g.points().size()).sum();
    Health health =
        member.health(
            "reading "
                + points
                + " points from "
                + member.where()
                + " ("
                + settings.line().describe()
                + ")");
    long skippedValues = skipped.get();
    if (!health.ok() || skippedValues == 0) {
      return health;
    }
    return new Health(
        true,
        health.detail() + "; " + skippedValues + " values skipped as NaN or infinite",
        health.readings(),
        health.failures());
  }

  /** One read of every group, through the bus if it runs, else on the line opened for it. */
  @Override
  public Health probe() {
    return member.probe(
        link -> {
          List<String> read = new ArrayList<>();
          for (int group = 0; group < plans.size(); group++) {
            Reading reading = read(link, group);
            reading.metrics().forEach((name, value) -> read.add(name + "=" + value));
            reading.skipped().forEach(name -> read.add(name + "=NaN (skipped)"));
          }
          return read;
        },
        values -> "read " + values.size() + " points: " + ModbusPoints.summary(values));
  }

  @Override
  public void write(String name, Object value) throws IOException {
    Point point = ModbusPoints.writable(settings.device(), settings.groups(), name);
    Request target =
        new Request(point.area(), point.address(), ReadPlan.width(point), List.of(point));
    ModbusRequest request;
    try {
      request = writeRequest(point, value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(settings.device().username() + ": " + e.getMessage(), e);
    }
    String writing = settings.device().username() + ": writing " + name + "=" + value + " failed: ";
    Exchange<Void> send =
        link -> {
          exchange(link, request, target, "writing");
          return null;
        };
    try {
      member.call(send);
    } catch (IOException e) {
      throw new IOException(writing + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    member.leave();
  }

  /** Function code 5 for a coil, 6 for one register, 16 for two. */
  private static ModbusRequest writeRequest(Point point, Object value) {
    if (point.area() == Area.COIL) {
      return new WriteCoilRequest(point.address(), PointDecoder.encodeBit(point, value));
    }
    Register[] registers =
        Arrays.stream(PointDecoder.encode(point, value))
            .mapToObj(SimpleRegister::new)
            .toArray(Register[]::new);
    return registers.length == 1
        ? new WriteSingleRegisterRequest(point.address(), registers[0])
        : new WriteMultipleRegistersRequest(point.address(), registers);
  }

  private Map<String, Object> poll(SerialLink link, int group) throws IOException {
    Reading reading = read(link, group);
    for (String name : reading.skipped()) {
      skipped.incrementAndGet();
      if (loggedSkips.add(name)) {
        LOG.warning(
            settings.device().username()
                + ": point '"
                + name
                + "' read NaN or infinite from "
                + member.where()
                + "; it is left out of the readings while it does");
      }
    }
    return reading.metrics();
  }

  /** Reads a group's points, in the group's order, leaving out floats that are not numbers. */
  private Reading read(SerialLink link, int group) throws IOException {
    Map<String, Object> values = new HashMap<>();
    List<String> skippedNames = new ArrayList<>(0);
    for (Request request : plans.get(group)) {
      ModbusResponse response = exchange(link, readRequest(request), request, "reading");
      if (response instanceof ReadCoilsResponse coils) {
        bits(request, coils.getCoils(), values);
      } else if (response instanceof ReadInputDiscretesResponse inputs) {
        bits(request, inputs.getDiscretes(), values);
      } else {
        InputRegister[] registers =
            response instanceof ReadMultipleRegistersResponse holding
                ? holding.getRegisters()
                : ((ReadInputRegistersResponse) response).getRegisters();
        if (registers.length != request.count()) {
          throw new IOException(
              "unit "
                  + settings.unitId()
                  + " answered "
                  + registers.length
                  + " registers, not "
                  + request.count()
                  + ", for "
                  + request.describe());
        }
        int[] words = new int[registers.length];
        for (int i = 0; i < words.length; i++) {
          words[i] = registers[i].getValue();
        }
        ModbusPoints.decode(request, words, values, skippedNames);
      }
    }
    Group of = settings.groups().get(group);
    return new Reading(ModbusPoints.inGroupOrder(of, values), skippedNames);
  }

  private void bits(Request request, BitVector bits, Map<String, Object> values)
      throws IOException {
    if (bits.size() < request.count()) {
      throw new IOException(
          "unit "
              + settings.unitId()
              + " answered "
              + bits.size()
              + " bits, not "
              + request.count()
              + ", for "
              + request.describe());
    }
    for (Point point : request.points()) {
      values.put(point.spec().name(), bits.getBit(request.indexOf(point)));
    }
  }

  private static ModbusRequest readRequest(Request request) {
    return switch (request.area()) {
      case HOLDING_REGISTER -> new ReadMultipleRegistersRequest(request.start(), request.count());
      case INPUT_REGISTER -> new ReadInputRegistersRequest(request.start(), request.count());
      case COIL -> new ReadCoilsRequest(request.start(), request.count());
      case DISCRETE_INPUT -> new ReadInputDiscretesRequest(request.start(), request.count());
    };
  }

  /** One request and its answer, failures said in the technician's words. */
  private ModbusResponse exchange(
      SerialLink link, ModbusRequest request, Request target, String doing) throws IOException {
    try {
      return RtuFrames.exchange(
          link, settings.unitId(), request, settings.line().timeout().toMillis());
    } catch (RtuFrames.Refused refused) {
      throw new RefusedException(
          refused.getMessage()
              + " for "
              + target.describe()
              + " ("
              + ModbusPoints.names(target)
              + "): "
              + ModbusPoints.check(refused.code, target, doing, settings.unitId()));
    } catch (IOException e) {
      String check =
          e.getMessage() != null && e.getMessage().startsWith("no answer")
              ? "; check the unit id, the wiring (A/B) and that the device is on, and that it uses"
                  + " the bus's baud rate and parity"
              : "";
      throw new IOException(
          e.getMessage() + " (" + doing + " " + target.describe() + ")" + check, e);
    }
  }

  private static void validate(ModbusRtuSettings settings) {
    Objects.requireNonNull(settings, "settings");
    String device = settings.device() == null ? "?" : settings.device().username();
    List<String> problems = new ArrayList<>();
    if (settings.device() == null) {
      problems.add("the device is missing");
    }
    if (settings.bus() == null || settings.bus().isBlank()) {
      problems.add("the bus is missing");
    }
    SerialSettings line = settings.line();
    if (line == null) {
      problems.add("the bus's line settings are missing");
    }
    if (settings.unitId() < 1 || settings.unitId() > 247) {
      problems.add("unit " + settings.unitId() + " is not between 1 and 247");
    }
    problems.addAll(ModbusPoints.problems(settings.groups()));
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "Modbus RTU settings of " + device + ": " + String.join("; ", problems));
    }
  }

  /** What one read of a group gave: values in the group's order, and NaN floats left out. */
  private record Reading(Map<String, Object> metrics, List<String> skipped) {}
}
