/** Implementation detail shared by the Writer, Reader and group code; not promised to users. */
package io.kafkago.internal;
