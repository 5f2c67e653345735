/** The fault matrix: kafkago's clients against broken brokers, each scenario checked for loss and duplicates. */
package io.kafkago.faults;
