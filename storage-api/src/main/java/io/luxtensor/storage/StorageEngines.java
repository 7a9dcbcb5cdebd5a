package io.luxtensor.storage;

import io.luxtensor.storage.spi.StorageEngine;
import io.luxtensor.storage.spi.StorageEngineProvider;
import io.luxtensor.storage.spi.StorageLayerProvider;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.WeakHashMap;

/**
 * Finds storage engines on the classpath and opens stores with them.
 *
 * <p>Engines are discovered once, lazily, through {@link ServiceLoader}; a name found twice keeps the
 * provider with the higher priority. {@link #open(StorageConfig)} picks the engine named in the config,
 * or the highest-priority engine when none is named (rocksdb &gt; lmdb &gt; mapdb &gt; memory), and wraps it in
 * the decorator that gives every engine the same argument checks, closed-state checks, resource
 * tracking and metrics. Between the engine and that decorator sit the {@linkplain StorageLayerProvider
 * layers} (encryption, audit) whose option prefix the config uses. Thread-safe.
 */
public final class StorageEngines {

  /** The engines this project ships, whose options a config may carry while another engine runs. */
  private static final Set<String> PROJECT_ENGINES = Set.of("rocksdb", "lmdb", "mapdb", "memory",
      "postgres");

  private static volatile Map<String, StorageEngineProvider> providers;
  private static volatile Map<String, StorageLayerProvider> layerProviders;

  /** The layer engines of each open layered store, for {@link #layer}; weak, so a dropped store is forgotten. */
  private static final Map<KeyValueStore, List<StorageEngine>> LAYERED = new WeakHashMap<>();

  private StorageEngines() {}

  /**
   * Opens a store as configured.
   *
   * @throws EngineNotFoundException when the named engine (or any engine) is not on the classpath
   */
  public static KeyValueStore open(StorageConfig config) {
    Objects.requireNonNull(config, "config must not be null; use StorageConfig.builder()");
    return open(provider(config.engine()), config);
  }

  /**
   * Opens a store with the given provider, bypassing discovery: for engines under test, or wired by
   * hand. The store has the same contract as one from {@link #open(StorageConfig)}.
   */
  public static KeyValueStore open(StorageEngineProvider provider, StorageConfig config) {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(config, "config");
    EngineInfo info = infoOf(provider);
    checkOptionPrefixes(provider, config);
    checkPerformanceSettings(provider, config);
    if (config.readOnly() && config.path() != null && !Files.isDirectory(config.path())) {
      // One behaviour for every engine: a read-only open never creates a store.
      throw new StorageException("no store at " + config.path() + ": a read-only open needs an existing store;"
          + " open it writable once to create it");
    }
    List<StorageLayerProvider> layers = layersFor(config);
    for (StorageLayerProvider layer : layers) {
      layer.prepare(config);
    }
    StorageEngine engine;
    try {
      engine = provider.open(config);
    } catch (StorageException | IllegalArgumentException e) {
      throw e; // already says what is wrong: a store that cannot open, or a bad option
    } catch (RuntimeException e) {
      throw new StorageException("engine \"" + provider.name() + "\" could not open "
          + (config.isTemporary() ? "a temporary store" : config.path()) + ": " + e, e);
    }
    List<StorageEngine> layerEngines = new ArrayList<>(layers.size());
    try {
      for (StorageLayerProvider layer : layers) {
        engine = layer.wrap(engine, config);
        layerEngines.add(engine);
      }
      GuardedStore store = new GuardedStore(engine, info, config);
      if (!layerEngines.isEmpty()) {
        synchronized (LAYERED) {
          LAYERED.put(store, List.copyOf(layerEngines));
        }
      }
      return store;
    } catch (RuntimeException e) {
      engine.close(); // nobody else holds it yet; an outer layer closes the ones beneath it
      throw e;
    }
  }

  /**
   * The layer of {@code store} that is a {@code type}, innermost first: how a layer's own controls
   * are reached, such as the key rotation of the encryption layer. Empty when the store has no such
   * layer. The layer checks its own closed state.
   */
  public static <T> Optional<T> layer(KeyValueStore store, Class<T> type) {
    Objects.requireNonNull(store, "store");
    Objects.requireNonNull(type, "type");
    List<StorageEngine> layerEngines;
    synchronized (LAYERED) {
      layerEngines = LAYERED.getOrDefault(store, List.of());
    }
    return layerEngines.stream().filter(type::isInstance).map(type::cast).findFirst();
  }

  /** The layers whose prefix the config's options use, in the order they wrap (nearest the engine first). */
  private static List<StorageLayerProvider> layersFor(StorageConfig config) {
    Set<String> prefixes = new TreeSet<>();
    for (String option : config.engineOptions().keySet()) {
      prefixes.add(option.substring(0, option.indexOf('.')));
    }
    List<StorageLayerProvider> layers = new ArrayList<>();
    for (String prefix : prefixes) {
      StorageLayerProvider layer = layerProviders().get(prefix);
      if (layer != null) {
        layers.add(layer);
      }
    }
    layers.sort(Comparator.comparingInt(StorageLayerProvider::order).thenComparing(StorageLayerProvider::name));
    return layers;
  }

  /** Rejects {@link PerformanceConfig} settings the engine cannot honour, naming them all. */
  private static void checkPerformanceSettings(StorageEngineProvider provider, StorageConfig config) {
    Set<PerformanceConfig.Setting> unsupported = EnumSet.noneOf(PerformanceConfig.Setting.class);
    unsupported.addAll(config.performance().settings());
    unsupported.removeAll(provider.performanceSettings());
    if (!unsupported.isEmpty()) {
      throw new IllegalArgumentException("engine \"" + provider.name() + "\" cannot honour the performance setting"
          + (unsupported.size() == 1 ? " " : "s ") + unsupported.stream().map(PerformanceConfig.Setting::label).toList()
          + (provider.performanceSettings().isEmpty() ? "; it has no such tuning"
              : "; it honours " + provider.performanceSettings().stream().map(PerformanceConfig.Setting::label).toList())
          + ". Leave them unset (PerformanceConfig.ENGINE_DEFAULTS) for this engine");
    }
  }

  /**
   * Rejects an option whose prefix names no engine and no layer (a typo such as {@code "rockdb.x"}
   * would otherwise be ignored silently). Options of other engines are allowed, so that one config serves several
   * engines: an engine on the classpath or one of this project's, which a user may swap in by jar.
   */
  private static void checkOptionPrefixes(StorageEngineProvider provider, StorageConfig config) {
    for (String option : config.engineOptions().keySet()) {
      String prefix = option.substring(0, option.indexOf('.'));
      if (!prefix.equals(provider.name()) && !PROJECT_ENGINES.contains(prefix) && !providers().containsKey(prefix)
          && !layerProviders().containsKey(prefix)) {
        SortedSet<String> names = new TreeSet<>(PROJECT_ENGINES);
        names.addAll(providers().keySet());
        names.add(provider.name());
        throw new IllegalArgumentException("option \"" + option + "\" names no engine or layer: \"" + prefix
            + "\" is not one of " + names + " nor a layer on the classpath " + new TreeSet<>(layerProviders().keySet())
            + "; prefix engine options with the engine's name, e.g. \""
            + provider.name() + "." + option.substring(option.indexOf('.') + 1) + "\"");
      }
    }
  }

  /** The engines on the classpath, highest priority first. */
  public static List<EngineInfo> available() {
    List<EngineInfo> infos = new ArrayList<>();
    for (StorageEngineProvider provider : providers().values()) {
      infos.add(infoOf(provider));
    }
    infos.sort(Comparator.comparingInt(EngineInfo::priority).reversed().thenComparing(EngineInfo::name));
    return infos;
  }

  /**
   * The provider named {@code name}, or the highest-priority one when {@code name} is {@code null}.
   *
   * @throws EngineNotFoundException when there is none
   */
  public static StorageEngineProvider provider(String name) {
    Map<String, StorageEngineProvider> found = providers();
    if (name == null) {
      return found.values().stream()
          .max(Comparator.comparingInt(StorageEngineProvider::priority))
          .orElseThrow(() -> new EngineNotFoundException(null, List.of()));
    }
    StorageEngineProvider provider = found.get(name.toLowerCase(Locale.ROOT));
    if (provider == null) {
      throw new EngineNotFoundException(name, found.keySet().stream().sorted().toList());
    }
    return provider;
  }

  /** The engine facts a provider declares. */
  public static EngineInfo infoOf(StorageEngineProvider provider) {
    return new EngineInfo(provider.name(), provider.version(), provider.priority(), provider.capabilities(),
        provider.maxKeySize());
  }

  private static Map<String, StorageEngineProvider> providers() {
    Map<String, StorageEngineProvider> loaded = providers;
    if (loaded == null) {
      synchronized (StorageEngines.class) {
        loaded = providers;
        if (loaded == null) {
          loaded = load();
          providers = loaded;
        }
      }
    }
    return loaded;
  }

  private static Map<String, StorageLayerProvider> layerProviders() {
    Map<String, StorageLayerProvider> loaded = layerProviders;
    if (loaded == null) {
      synchronized (StorageEngines.class) {
        loaded = layerProviders;
        if (loaded == null) {
          loaded = loadLayers();
          layerProviders = loaded;
        }
      }
    }
    return loaded;
  }

  private static Map<String, StorageLayerProvider> loadLayers() {
    Map<String, StorageLayerProvider> byName = new LinkedHashMap<>();
    Iterator<StorageLayerProvider> it = ServiceLoader.load(StorageLayerProvider.class,
        StorageEngines.class.getClassLoader()).iterator();
    while (true) {
      StorageLayerProvider layer;
      try {
        if (!it.hasNext()) {
          break;
        }
        layer = it.next();
      } catch (ServiceConfigurationError e) {
        throw new StorageException("a storage layer jar on the classpath is broken (" + e.getMessage()
            + "); remove the jar or fix its META-INF/services/" + StorageLayerProvider.class.getName() + " entry", e);
      }
      // The first found wins: two jars claiming one prefix is a packaging mistake, not a choice to make here.
      byName.putIfAbsent(layer.name().toLowerCase(Locale.ROOT), layer);
    }
    return Map.copyOf(byName);
  }

  private static Map<String, StorageEngineProvider> load() {
    Map<String, StorageEngineProvider> byName = new LinkedHashMap<>();
    Iterator<StorageEngineProvider> it = ServiceLoader.load(StorageEngineProvider.class,
        StorageEngines.class.getClassLoader()).iterator();
    while (true) {
      StorageEngineProvider provider;
      try {
        if (!it.hasNext()) {
          break;
        }
        provider = it.next();
      } catch (ServiceConfigurationError e) {
        throw new StorageException("a storage engine jar on the classpath is broken (" + e.getMessage()
            + "); remove the jar or fix its META-INF/services/" + StorageEngineProvider.class.getName() + " entry", e);
      }
      String key = provider.name().toLowerCase(Locale.ROOT);
      StorageEngineProvider existing = byName.get(key);
      if (existing == null || provider.priority() > existing.priority()) {
        byName.put(key, provider);
      }
    }
    return Map.copyOf(byName);
  }
}
