package io.keepwarm.platform.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.ResolvableType;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads a JSON request body to its end past the values it cannot read (a step of a kind there is not, "three days"
 * for a duration, "high" for a number, an unknown field), so that one answer names them all: Jackson stops at the
 * first, and a caller met the next mistake only once the first was fixed. A body with any such value is refused
 * whole ({@link UnreadableValues}, answered by the problem handler): the stand-ins read in their place never reach a
 * controller. Every API's JSON bodies are read here ({@link Registration}).
 */
class WholeBodyConverter extends JacksonJsonHttpMessageConverter {

    /** The values found unreadable in the body this thread reads now; handed from {@link #read} to the reader. */
    private final ThreadLocal<List<UnreadableValues.Value>> reading = new ThreadLocal<>();

    WholeBodyConverter(JsonMapper json) {
        super(json);
    }

    @Override
    public Object read(ResolvableType type, HttpInputMessage message, Map<String, Object> hints) throws IOException {
        List<UnreadableValues.Value> found = new ArrayList<>();
        reading.set(found);
        Object body;
        try {
            body = super.read(type, message, hints);
        } catch (HttpMessageNotReadableException e) {
            // A mistake Jackson cannot read past (a number too large, a rule that checks itself) ends the reading:
            // it is answered after the values found before it.
            if (found.isEmpty()) {
                throw e;
            }
            throw new HttpMessageNotReadableException(e.getMessage(), new UnreadableValues(found, e.getCause()), message);
        } finally {
            reading.remove();
        }
        if (!found.isEmpty()) {
            UnreadableValues unreadable = new UnreadableValues(found, null);
            throw new HttpMessageNotReadableException(unreadable.getMessage(), unreadable, message);
        }
        return body;
    }

    @Override
    protected ObjectReader customizeReader(ObjectReader reader, JavaType type) {
        List<UnreadableValues.Value> found = reading.get();
        return found == null ? reader : UnreadableValues.collecting(reader, found);
    }

    /**
     * Puts the converter where Spring Boot's JSON converter would be, after the byte and text converters: as a bean it
     * would be put before them, and would read a webhook's raw body ({@code byte[]}) as JSON.
     */
    @Configuration(proxyBeanMethods = false)
    static class Registration implements WebMvcConfigurer {

        private final JsonMapper json;

        Registration(JsonMapper json) {
            this.json = json;
        }

        @Override
        public void configureMessageConverters(HttpMessageConverters.ServerBuilder builder) {
            // Spring Boot's configurer (order 0) sets its own before this one: the JSON converter set last is used.
            builder.withJsonConverter(new WholeBodyConverter(json));
        }
    }
}
