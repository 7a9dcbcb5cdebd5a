/**
 * The technology compatibility kit: {@link io.luxtensor.storage.tck.StorageEngineContract}, the one
 * test class that proves an engine meets the storage contract. Every engine in this repository runs
 * it unchanged; a third-party engine adds this jar as a test dependency and extends the class.
 */
package io.luxtensor.storage.tck;
