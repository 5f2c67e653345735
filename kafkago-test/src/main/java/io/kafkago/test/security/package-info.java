/** Secured test listeners: generated TLS certificates, SASL users and the client settings to reach them. */
package io.kafkago.test.security;
