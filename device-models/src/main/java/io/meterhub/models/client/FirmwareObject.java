package io.meterhub.models.client;

import java.util.List;
import org.eclipse.leshan.client.servers.LwM2mServer;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.node.LwM2mResource;
import org.eclipse.leshan.core.request.argument.Arguments;
import org.eclipse.leshan.core.response.ExecuteResponse;
import org.eclipse.leshan.core.response.ReadResponse;
import org.eclipse.leshan.core.response.WriteResponse;

/**
 * LwM2M 5 Firmware Update, instance 0, present because every meterhub profile exposes it. The simulator does not
 * download firmware: it stores a written Package URI, stays Idle, and refuses Update.
 */
public final class FirmwareObject extends MeterInstanceEnabler {

  private static final int PACKAGE = 0;
  private static final int PACKAGE_URI = 1;
  private static final int UPDATE = 2;
  private static final int STATE = 3;
  private static final int UPDATE_RESULT = 5;
  private static final int DELIVERY_METHOD = 9;
  private static final long STATE_IDLE = 0;
  private static final long RESULT_INITIAL = 0;
  private static final long DELIVERY_PULL_ONLY = 0;
  private static final List<Integer> RESOURCES =
      List.of(PACKAGE, PACKAGE_URI, UPDATE, STATE, UPDATE_RESULT, DELIVERY_METHOD);

  private String packageUri = "";

  FirmwareObject() {
    super(0);
  }

  /** The Package URI the server wrote last ({@code ""} when none). */
  public synchronized String packageUri() {
    return packageUri;
  }

  @Override
  public synchronized ReadResponse read(LwM2mServer server, int resourceId) {
    return switch (resourceId) {
      case PACKAGE_URI -> ReadResponse.success(resourceId, packageUri);
      case STATE -> ReadResponse.success(resourceId, STATE_IDLE);
      case UPDATE_RESULT -> ReadResponse.success(resourceId, RESULT_INITIAL);
      case DELIVERY_METHOD -> ReadResponse.success(resourceId, DELIVERY_PULL_ONLY);
      default -> super.read(server, resourceId);
    };
  }

  @Override
  public WriteResponse write(LwM2mServer server, boolean replace, int resourceId, LwM2mResource value) {
    if (resourceId == PACKAGE_URI && value.getValue() instanceof String uri) {
      synchronized (this) {
        packageUri = uri;
      }
      changed(PACKAGE_URI);
      return WriteResponse.success();
    }
    if (resourceId == PACKAGE) {
      return WriteResponse.badRequest("push delivery is not supported (resource 9 = pull only)");
    }
    return super.write(server, replace, resourceId, value);
  }

  @Override
  public ExecuteResponse execute(LwM2mServer server, int resourceId, Arguments arguments) {
    if (resourceId == UPDATE) {
      return ExecuteResponse.badRequest("no firmware package downloaded");
    }
    return super.execute(server, resourceId, arguments);
  }

  @Override
  public List<Integer> getAvailableResourceIds(ObjectModel model) {
    return RESOURCES;
  }
}
