/** Spring's transaction abstraction over kafkago transactions: {@link io.kafkago.spring.transaction.KafkaGoTransactionManager}. */
package io.kafkago.spring.transaction;
