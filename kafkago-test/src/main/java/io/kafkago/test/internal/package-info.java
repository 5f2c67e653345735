/** Implementation shared by kafkago-test's packages (node processes, administration); not promised to users. */
package io.kafkago.test.internal;
