package io.meterhub.models.client;

import java.util.List;
import java.util.Map;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.ResourceModel.Type;
import org.eclipse.leshan.core.response.ReadResponse;

/** LwM2M 4 Connectivity Monitoring, instance 0: a 4G (LTE-FDD) bearer with settable signal values. */
public final class ConnectivityObject extends MeterInstanceEnabler {

  private static final int NETWORK_BEARER = 0;
  private static final int AVAILABLE_BEARERS = 1;
  private static final int SIGNAL_STRENGTH = 2;
  private static final int LINK_QUALITY = 3;
  private static final int IP_ADDRESSES = 4;
  private static final int CELL_ID = 8;
  /** LwM2M bearer code of LTE-FDD. */
  private static final long LTE_FDD = 6;
  private static final List<Integer> RESOURCES =
      List.of(NETWORK_BEARER, AVAILABLE_BEARERS, SIGNAL_STRENGTH, LINK_QUALITY, IP_ADDRESSES, CELL_ID);

  private final String ipAddress;
  private long signalStrengthDbm = -85;
  private long linkQuality = 20;
  private long cellId = 1;

  ConnectivityObject(String ipAddress) {
    super(0);
    this.ipAddress = ipAddress;
  }

  /** Sets radio signal strength (dBm), link quality (e.g. RSRQ) and cell id, and notifies observers. */
  public void setRadio(long signalStrengthDbm, long linkQuality, long cellId) {
    synchronized (this) {
      this.signalStrengthDbm = signalStrengthDbm;
      this.linkQuality = linkQuality;
      this.cellId = cellId;
    }
    changed(SIGNAL_STRENGTH, LINK_QUALITY, CELL_ID);
  }

  @Override
  public synchronized ReadResponse read(LwM2mServer server, int resourceId) {
    return switch (resourceId) {
      case NETWORK_BEARER -> ReadResponse.success(resourceId, LTE_FDD);
      case AVAILABLE_BEARERS -> ReadResponse.success(resourceId, Map.of(0, LTE_FDD), Type.INTEGER);
      case SIGNAL_STRENGTH -> ReadResponse.success(resourceId, signalStrengthDbm);
      case LINK_QUALITY -> ReadResponse.success(resourceId, linkQuality);
      case IP_ADDRESSES -> ReadResponse.success(resourceId, Map.of(0, ipAddress), Type.STRING);
      case CELL_ID -> ReadResponse.success(resourceId, cellId);
      default -> super.read(server, resourceId);
    };
  }

  @Override
  public List<Integer> getAvailableResourceIds(ObjectModel model) {
    return RESOURCES;
  }
}
