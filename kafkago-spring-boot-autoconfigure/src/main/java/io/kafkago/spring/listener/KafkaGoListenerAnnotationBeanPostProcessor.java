package io.kafkago.spring.listener;

import io.kafkago.spring.KafkaGoListener;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Finds {@link KafkaGoListener} methods on every bean and, once all singletons exist, registers a
 * container for each with the {@link DefaultKafkaGoListenerRegistry}. Deferring registration keeps the
 * registry and its writer from being created while other beans are still being wired.
 */
public final class KafkaGoListenerAnnotationBeanPostProcessor
        implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton {

    private final Set<Class<?>> classesWithoutListeners = ConcurrentHashMap.newKeySet();
    private final List<Found> found = new ArrayList<>();
    private ConfigurableBeanFactory beanFactory;
    private boolean singletonsReady;

    @Override
    public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
        if (!(beanFactory instanceof ConfigurableBeanFactory configurable)) {
            throw new IllegalStateException("@KafkaGoListener support needs a ConfigurableBeanFactory");
        }
        this.beanFactory = configurable;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) throws BeansException {
        Class<?> targetClass = AopUtils.getTargetClass(bean);
        if (classesWithoutListeners.contains(targetClass)) {
            return bean;
        }
        Map<Method, KafkaGoListener> methods = MethodIntrospector.selectMethods(targetClass,
                (MethodIntrospector.MetadataLookup<KafkaGoListener>) method ->
                        AnnotatedElementUtils.findMergedAnnotation(method, KafkaGoListener.class));
        if (methods.isEmpty()) {
            classesWithoutListeners.add(targetClass);
            return bean;
        }
        List<Found> discovered = new ArrayList<>(methods.size());
        methods.forEach((method, annotation) -> discovered.add(
                new Found(bean, beanName, AopUtils.selectInvocableMethod(method, bean.getClass()), annotation)));
        synchronized (found) {
            if (singletonsReady) {
                // A lazy or prototype bean created after start-up: register its listeners right away.
                discovered.forEach(this::register);
            } else {
                found.addAll(discovered);
            }
        }
        return bean;
    }

    @Override
    public void afterSingletonsInstantiated() {
        synchronized (found) {
            singletonsReady = true;
            found.forEach(this::register);
            found.clear();
        }
    }

    private void register(Found listener) {
        ListenerEndpointFactory endpoints = beanFactory.getBean(ListenerEndpointFactory.class);
        DefaultKafkaGoListenerRegistry registry = beanFactory.getBean(DefaultKafkaGoListenerRegistry.class);
        registry.register(endpoints.create(listener.bean(), listener.beanName(), listener.method(),
                listener.annotation(), beanFactory::resolveEmbeddedValue));
    }

    private record Found(Object bean, String beanName, Method method, KafkaGoListener annotation) {
    }
}
