package io.luxtensor.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The module boundaries of DESIGN.md as checks over the compiled main classes of every module: the
 * API depends on the JDK alone, an engine or a layer on the API and its own libraries, the backups,
 * metrics and chain stores on the API and their libraries, never on an engine. A class that crosses a boundary fails the build,
 * naming the class and the dependency.
 */
@AnalyzeClasses(packages = "io.luxtensor", importOptions = ImportOption.DoNotIncludeTests.class)
class ModuleDependencyRulesTest {

  private static final String API = "io.luxtensor.storage";
  private static final String SPI = "io.luxtensor.storage.spi";

  @ArchTest
  static final ArchRule apiUsesOnlyTheJdk = classes().that().resideInAnyPackage(API, SPI)
      .should().onlyDependOnClassesThat().resideInAnyPackage("java..", API, SPI)
      .because("storage-api is the contract every engine and user compiles against; it carries no library");

  @ArchTest
  static final ArchRule memoryEngineUsesOnlyTheApi = engineUsesOnlyTheApiAnd("memory");

  @ArchTest
  static final ArchRule rocksDbEngineUsesOnlyTheApiAndRocksDb = engineUsesOnlyTheApiAnd("rocksdb", "org.rocksdb..");

  @ArchTest
  static final ArchRule lmdbEngineUsesOnlyTheApiAndLmdbJava = engineUsesOnlyTheApiAnd("lmdb", "org.lmdbjava..",
      "jnr.ffi..");

  @ArchTest
  static final ArchRule mapDbEngineUsesOnlyTheApiAndMapDb = engineUsesOnlyTheApiAnd("mapdb", "org.mapdb..",
      "kotlin..");

  @ArchTest
  static final ArchRule postgresEngineUsesOnlyTheApiJdbcAndItsPool = engineUsesOnlyTheApiAnd("postgres", "javax.sql..",
      "org.postgresql..", "com.zaxxer.hikari..");

  @ArchTest
  static final ArchRule encryptionLayerUsesOnlyTheApiAndItsCiphers = engineUsesOnlyTheApiAnd("encryption",
      "javax.crypto..", "org.bouncycastle..");

  @ArchTest
  static final ArchRule backupsUseOnlyTheApiAndTheirCodecs = engineUsesOnlyTheApiAnd("backup", "javax.crypto..",
      "org.bouncycastle..", "com.github.luben.zstd..");

  @ArchTest
  static final ArchRule metricsUseOnlyTheApiAndMicrometer = classes().that().resideInAPackage(API + ".micrometer..")
      .and().resideOutsideOfPackage(API + ".micrometer.chain..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("java..", API, API + ".micrometer", "io.micrometer..")
      .because("the metrics binding reads the public StoreMetrics of any store, whatever its engine");

  @ArchTest
  static final ArchRule chainMetricsUseOnlyTheApiTheChainAndMicrometer = classes().that()
      .resideInAPackage(API + ".micrometer.chain..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("java..", API, API + ".micrometer..", "io.micrometer..",
          "io.luxtensor.chain..")
      .because("the chain stores' meters read the chain stores' public metrics, and nothing of an engine");

  @ArchTest
  static final ArchRule chainUsesOnlyTheApiAndItsLibraries = classes().that().resideInAPackage("io.luxtensor.chain..")
      .should().onlyDependOnClassesThat().resideInAnyPackage("java..", API, "io.luxtensor.chain..",
          "org.bouncycastle..", "com.github.benmanes.caffeine..")
      .because("the chain stores run on any engine: they see the public API, never the SPI or an engine");

  /** An engine, or a module that wraps engines through the SPI (a layer, the backups' change log). */
  private static ArchRule engineUsesOnlyTheApiAnd(String engine, String... binding) {
    String own = API + "." + engine + "..";
    String[] allowed = new String[binding.length + 4];
    allowed[0] = "java..";
    allowed[1] = API;
    allowed[2] = SPI;
    allowed[3] = own;
    System.arraycopy(binding, 0, allowed, 4, binding.length);
    return classes().that().resideInAPackage(own).should().onlyDependOnClassesThat().resideInAnyPackage(allowed)
        .because("an engine adapts its binding to the SPI; rules shared by engines live once, in storage-api");
  }
}
