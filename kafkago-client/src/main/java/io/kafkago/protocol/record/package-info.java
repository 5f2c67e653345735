/** Record batch v2 (magic 2) encoding and zero-copy decoding, with pure-Java gzip, snappy, lz4 and zstd. */
package io.kafkago.protocol.record;
