/** Implementation shared by kafkago-test's cluster and fault packages (node processes, administration); not promised to users. */
package io.kafkago.test.internal;
