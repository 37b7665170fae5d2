package io.meterhub.models;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.eclipse.leshan.core.model.DDFFileParser;
import org.eclipse.leshan.core.model.DefaultDDFFileValidatorFactory;
import org.eclipse.leshan.core.model.DefaultObjectModelValidator;
import org.eclipse.leshan.core.model.InvalidDDFFileException;
import org.eclipse.leshan.core.model.InvalidModelException;
import org.eclipse.leshan.core.model.LwM2mModel;
import org.eclipse.leshan.core.model.ObjectLoader;
import org.eclipse.leshan.core.model.ObjectModel;
import org.eclipse.leshan.core.model.StaticModel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The LwM2M object models meterhub works with: Leshan's core models plus the DDF files of this module (the standard
 * meter objects Leshan does not bundle and meterhub's own objects).
 */
public final class MeterObjectModels {

  private static final Logger LOG = LoggerFactory.getLogger(MeterObjectModels.class);

  /** Classpath folder of this module's DDF files. */
  public static final String MODELS_FOLDER = "/models/";

  /**
   * Index of this module's DDF files inside {@link #MODELS_FOLDER}. Leshan's own jar also has a {@code models/} folder
   * on the classpath, so the files are listed rather than discovered by scanning.
   */
  public static final String INDEX = MODELS_FOLDER + "meterhub-models.list";

  /** OMA 10243 Single-Phase Power Meter. */
  public static final int SINGLE_PHASE_METER = 10243;
  /** OMA 10242 3-Phase Power Meter. */
  public static final int THREE_PHASE_METER = 10242;
  /** IPSO 3312 Power Control (the supply relay). */
  public static final int POWER_CONTROL = 3312;
  /** meterhub 26241 Tariff Registers. */
  public static final int TARIFF_REGISTERS = 26241;
  /** meterhub 26242 Prepayment Display. */
  public static final int PREPAYMENT_DISPLAY = 26242;
  /** meterhub 26243 Meter Events. */
  public static final int METER_EVENTS = 26243;

  /** The ids of the objects this module defines (standard objects added to Leshan's core, and our own). */
  public static final Set<Integer> MODULE_OBJECT_IDS =
      Set.of(SINGLE_PHASE_METER, THREE_PHASE_METER, POWER_CONTROL, TARIFF_REGISTERS, PREPAYMENT_DISPLAY, METER_EVENTS);

  private MeterObjectModels() {}

  /**
   * Leshan's core models ({@code ObjectLoader.loadDefault()}) plus every DDF under {@code /models/} on the classpath,
   * loaded strictly: any parse/validation error throws IllegalStateException naming the file. Cached.
   */
  public static List<ObjectModel> all() {
    return Holder.ALL;
  }

  /** A Leshan model over {@link #all()}, for encoders, decoders and servers. Cached. */
  public static LwM2mModel model() {
    return Holder.MODEL;
  }

  /** Only the models of this module's DDF files. */
  public static List<ObjectModel> moduleModels() {
    return Holder.MODULE;
  }

  /**
   * Parses one DDF file from the classpath with XML schema validation and Leshan's object model validation.
   *
   * @throws IllegalStateException naming the file when it is missing, malformed or invalid
   */
  static List<ObjectModel> loadStrict(String classpathResource) {
    Objects.requireNonNull(classpathResource, "classpathResource");
    InputStream in = MeterObjectModels.class.getResourceAsStream(classpathResource);
    if (in == null) {
      throw new IllegalStateException("DDF file " + classpathResource + " not found on the classpath");
    }
    List<ObjectModel> models;
    try (in) {
      models =
          ObjectLoader.loadDdfFile(
              in,
              classpathResource,
              new DDFFileParser(new DefaultDDFFileValidatorFactory()),
              new DefaultObjectModelValidator());
    } catch (InvalidDDFFileException | InvalidModelException | IOException | RuntimeException e) {
      throw new IllegalStateException("Invalid DDF file " + classpathResource + ": " + describe(e), e);
    }
    if (models.isEmpty()) {
      throw new IllegalStateException("DDF file " + classpathResource + " defines no object");
    }
    return models;
  }

  private static String describe(Throwable e) {
    StringBuilder text = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable cause = e.getCause(); cause != null && cause != e; cause = cause.getCause()) {
      text.append(" / ").append(cause.getMessage());
    }
    return text.toString();
  }

  static List<String> indexedFiles() {
    try (InputStream in = MeterObjectModels.class.getResourceAsStream(INDEX)) {
      if (in == null) {
        throw new IllegalStateException("DDF index " + INDEX + " not found on the classpath");
      }
      List<String> files = new ArrayList<>();
      BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        String name = line.strip();
        if (!name.isEmpty() && !name.startsWith("#")) {
          files.add(name);
        }
      }
      return files;
    } catch (IOException e) {
      throw new IllegalStateException("Cannot read DDF index " + INDEX, e);
    }
  }

  private static final class Holder {
    static final List<ObjectModel> MODULE = loadModule();
    static final List<ObjectModel> ALL = loadAll();
    static final LwM2mModel MODEL = new StaticModel(ALL);

    private static List<ObjectModel> loadModule() {
      List<ObjectModel> models = new ArrayList<>();
      Set<Integer> ids = new HashSet<>();
      for (String file : indexedFiles()) {
        for (ObjectModel model : loadStrict(MODELS_FOLDER + file)) {
          if (!ids.add(model.id)) {
            throw new IllegalStateException("DDF file " + file + " defines object " + model.id + " a second time");
          }
          models.add(model);
        }
      }
      LOG.debug("Loaded {} meterhub object models {}", models.size(), ids);
      return Collections.unmodifiableList(models);
    }

    private static List<ObjectModel> loadAll() {
      List<ObjectModel> all = new ArrayList<>();
      for (ObjectModel core : ObjectLoader.loadDefault()) {
        if (MODULE.stream().noneMatch(m -> m.id.equals(core.id))) {
          all.add(core);
        }
      }
      all.addAll(MODULE);
      return Collections.unmodifiableList(all);
    }
  }
}
