/**
 * The {@code postgres} engine: the storage API on a PostgreSQL server (pgjdbc and HikariCP), for
 * stores that many processes and hosts share, replicated and failed over by PostgreSQL. Entry point:
 * {@link io.luxtensor.storage.postgres.PostgresEngineProvider}; the errors it adds to the
 * {@link io.luxtensor.storage.StorageException} hierarchy are
 * {@link io.luxtensor.storage.postgres.ServerUnavailableException},
 * {@link io.luxtensor.storage.postgres.ConnectionLostException} and
 * {@link io.luxtensor.storage.postgres.PermissionDeniedException}.
 */
package io.luxtensor.storage.postgres;
