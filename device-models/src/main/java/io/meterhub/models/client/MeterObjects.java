package io.meterhub.models.client;

import static io.meterhub.models.MeterObjectModels.POWER_CONTROL;
import static io.meterhub.models.MeterObjectModels.PREPAYMENT_DISPLAY;
import static io.meterhub.models.MeterObjectModels.SINGLE_PHASE_METER;
import static io.meterhub.models.MeterObjectModels.TARIFF_REGISTERS;
import static io.meterhub.models.MeterObjectModels.THREE_PHASE_METER;

import java.util.Optional;
import org.eclipse.leshan.client.resource.BaseInstanceEnablerFactory;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnabler;
import org.eclipse.leshan.client.resource.LwM2mInstanceEnablerFactory;
import org.eclipse.leshan.client.resource.ObjectsInitializer;
import org.eclipse.leshan.core.LwM2mId;

/** The application objects of one simulated meter, chosen by its product profile. */
final class MeterObjects {

  private final SinglePhaseMeterObject singlePhase;
  private final ThreePhaseMeterObject threePhase;
  private final PowerControlObject powerControl = new PowerControlObject();
  private final TariffRegistersObject tariffRegisters;
  private final PrepaymentDisplayObject prepaymentDisplay = new PrepaymentDisplayObject();
  private final MeterEventsObject events;
  private final ConnectivityObject connectivity;
  private final FirmwareObject firmware = new FirmwareObject();

  MeterObjects(SimulatedMeterBuilder settings) {
    boolean single = settings.profile.phases() == 1;
    this.singlePhase = single ? new SinglePhaseMeterObject() : null;
    this.threePhase = single ? null : new ThreePhaseMeterObject();
    this.tariffRegisters = new TariffRegistersObject(settings.clock);
    this.events = new MeterEventsObject(settings.clock, settings.eventCapacity, settings.firstEventSequence);
    this.connectivity =
        new ConnectivityObject(settings.bindAddress == null ? "0.0.0.0" : settings.bindAddress.getHostAddress());
  }

  /** Puts every instance object in the initializer; the events object is an object enabler of its own. */
  void register(ObjectsInitializer initializer) {
    if (singlePhase != null) {
      put(initializer, SINGLE_PHASE_METER, singlePhase);
    } else {
      put(initializer, THREE_PHASE_METER, threePhase);
    }
    put(initializer, POWER_CONTROL, powerControl);
    put(initializer, TARIFF_REGISTERS, tariffRegisters);
    put(initializer, PREPAYMENT_DISPLAY, prepaymentDisplay);
    put(initializer, LwM2mId.CONNECTIVITY_MONITORING, connectivity);
    put(initializer, LwM2mId.FIRMWARE, firmware);
  }

  /**
   * Puts the meter's only instance of an object in the initializer. A meter's hardware does not grow new relays or
   * displays on a server's Create, so the factory Leshan requires for Create refuses.
   */
  static void put(ObjectsInitializer initializer, int objectId, LwM2mInstanceEnabler instance) {
    initializer.setInstancesForObject(objectId, instance);
    initializer.setFactoryForObject(objectId, NO_CREATE);
  }

  private static final LwM2mInstanceEnablerFactory NO_CREATE =
      new BaseInstanceEnablerFactory() {
        @Override
        public LwM2mInstanceEnabler create() {
          throw new UnsupportedOperationException("the meter's objects cannot be created by a server");
        }
      };

  Optional<SinglePhaseMeterObject> singlePhase() {
    return Optional.ofNullable(singlePhase);
  }

  Optional<ThreePhaseMeterObject> threePhase() {
    return Optional.ofNullable(threePhase);
  }

  PowerControlObject powerControl() {
    return powerControl;
  }

  TariffRegistersObject tariffRegisters() {
    return tariffRegisters;
  }

  PrepaymentDisplayObject prepaymentDisplay() {
    return prepaymentDisplay;
  }

  MeterEventsObject events() {
    return events;
  }

  ConnectivityObject connectivity() {
    return connectivity;
  }

  FirmwareObject firmware() {
    return firmware;
  }
}
