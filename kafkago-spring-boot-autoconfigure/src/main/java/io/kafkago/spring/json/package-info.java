/** JSON payload conversion for listeners with Jackson 3 or Jackson 2. */
package io.kafkago.spring.json;
