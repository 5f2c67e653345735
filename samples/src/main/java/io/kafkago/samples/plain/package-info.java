/** The seed's Conn, Reader and Writer examples as runnable programs. */
package io.kafkago.samples.plain;
