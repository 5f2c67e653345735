/** Spring tests with the kafkago-test brokers: their connection details, when a test context has a cluster bean. */
package io.kafkago.spring.boot.test;
