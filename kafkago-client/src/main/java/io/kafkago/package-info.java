/** kafkago's public API: Conn, Dialer, Reader, Writer, Client, Message and their configs. */
package io.kafkago;
