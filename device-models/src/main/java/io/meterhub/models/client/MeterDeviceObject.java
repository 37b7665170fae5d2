package io.meterhub.models.client;

import java.time.Clock;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.request.BindingMode;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;

/** LwM2M 3 Device, instance 0: identity of the simulated meter and its clock (always UTC). */
public final class MeterDeviceObject extends MeterInstanceEnabler {

  private static final List<Integer> RESOURCES = List.of(0, 1, 2, 3, 4, 11, 13, 14, 15, 16);

  private final String manufacturer;
  private final String model;
  private final String serialNumber;
  private final String firmwareVersion;
  private final Clock clock;
  private final EnumSet<BindingMode> supportedBindings;

  MeterDeviceObject(
      String manufacturer,
      String model,
      String serialNumber,
      String firmwareVersion,
      Clock clock,
      EnumSet<BindingMode> supportedBindings) {
    super(0);
    this.manufacturer = Objects.requireNonNull(manufacturer, "manufacturer");
    this.model = Objects.requireNonNull(model, "model");
    this.serialNumber = Objects.requireNonNull(serialNumber, "serialNumber");
    this.firmwareVersion = Objects.requireNonNull(firmwareVersion, "firmwareVersion");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.supportedBindings = EnumSet.copyOf(supportedBindings);
  }

  /** The model name reported in 3/0/1. */
  public String model() {
    return model;
  }

  @Override
  public ReadResponse read(LwM2mServer server, int resourceId) {
    return switch (resourceId) {
      case 0 -> ReadResponse.success(resourceId, manufacturer);
      case 1 -> ReadResponse.success(resourceId, model);
      case 2 -> ReadResponse.success(resourceId, serialNumber);
      case 3 -> ReadResponse.success(resourceId, firmwareVersion);
      case 11 -> ReadResponse.success(resourceId, Map.of(0, 0L), Type.INTEGER);
      case 13 -> ReadResponse.success(resourceId, Date.from(clock.instant()));
      case 14 -> ReadResponse.success(resourceId, "+00:00");
      case 15 -> ReadResponse.success(resourceId, "UTC");
      case 16 -> ReadResponse.success(resourceId, BindingMode.toString(supportedBindings));
      default -> super.read(server, resourceId);
    };
  }

  @Override
  public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
    if (resourceId == 4) {
      // A reboot is a restart of the whole client: the simulator's caller decides (stop/start), not the server.
      return ExecuteResponse.internalServerError("reboot is not simulated");
    }
    return super.execute(server, resourceId, arguments);
  }

  @Override
  public List<Integer> getAvailableResourceIds(ObjectModel model) {
    return RESOURCES;
  }
}
