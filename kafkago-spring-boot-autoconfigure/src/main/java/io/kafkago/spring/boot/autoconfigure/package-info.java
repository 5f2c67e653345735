/** Spring Boot auto-configuration for kafkago: {@code kafkago.*} properties, Writer, configs, listeners, metrics, health. */
package io.kafkago.spring.boot.autoconfigure;
