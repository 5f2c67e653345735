package io.kafkago.spring.listener;

import io.kafkago.Message;

/** Produces one handler argument from a message; built once per parameter, called once per message. */
@FunctionalInterface
interface ArgumentResolver {

    Object resolve(Message message);
}
