/** Ahead-of-time processing support: reflection hints for listener methods and their payload types. */
package io.kafkago.spring.aot;
