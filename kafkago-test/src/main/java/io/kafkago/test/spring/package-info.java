/** Spring TestContext support: point {@code kafkago.brokers} at the test broker with one annotation or one call. */
package io.kafkago.test.spring;
