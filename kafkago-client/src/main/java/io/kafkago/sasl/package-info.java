/** SASL mechanisms a connection can authenticate with: PLAIN, SCRAM-SHA-256/512 and OAUTHBEARER. */
package io.kafkago.sasl;
