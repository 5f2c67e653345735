/**
 * kafkago's client: {@code Conn}, {@code Reader}, {@code Writer}, the admin {@code Client} and their configs in
 * {@code io.kafkago}, SASL mechanisms in {@code io.kafkago.sasl}. Only those two packages are exported: the engines
 * ({@code io.kafkago.internal..}), connections ({@code io.kafkago.network}) and the protocol
 * ({@code io.kafkago.protocol..}) stay inside the module, so they can change without breaking applications.
 */
module io.kafkago.client {
    requires org.slf4j;
    // aircompressor names no module: this is the name the module system derives from its jar, aircompressor-*.jar
    requires aircompressor;

    exports io.kafkago;
    exports io.kafkago.sasl;
}
