package io.keepwarm.platform.web;

import java.util.Arrays;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.convert.converter.ConverterFactory;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.DeserializationProblemHandler;
import tools.jackson.databind.module.SimpleModule;

/**
 * Reads every enum in a query parameter, an address or a JSON body, across the API and the pages, in any case: {@code ?state=open},
 * {@code ?status=Active}, {@code ?source=trade-show} (spaces and hyphens as underscores, as contact fields read them).
 * Spring's own converter takes only the constant's exact name, which made {@code ?state=open} a 400. A value that is
 * none still fails to convert, and the problem handler answers it with the values there are.
 */
@Configuration
class EnumParameters implements WebMvcConfigurer {

    @Override
    public void addFormatters(FormatterRegistry registry) {
        // Registered after Spring's defaults, so it is the one asked for String to enum.
        registry.addConverterFactory(new AnyCase());
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    static final class AnyCase implements ConverterFactory<String, Enum> {

        @Override
        public <T extends Enum> Converter<String, T> getConverter(Class<T> targetType) {
            Class<?> type = targetType;
            while (!type.isEnum()) { // a constant with a body of its own is a subclass of its enum
                type = type.getSuperclass();
            }
            Class<?> enumType = type;
            return text -> (T) read(enumType, text);
        }

        private static Enum<?> read(Class<?> type, String text) {
            if (text.isBlank()) {
                return null;
            }
            Enum<?> named = named(type, text);
            if (named == null) {
                throw new IllegalArgumentException("'" + text + "' is not one of " + Arrays.toString(type.getEnumConstants()));
            }
            return named;
        }
    }

    /**
     * The same reading for an enum in a JSON body ({@code "channel": "email"}, {@code "source": "trade show"}), where
     * Jackson takes only the constant's exact name and said of {@code "email"} that it is not one of [EMAIL, PHONE]. A
     * value that is none is still refused, and the problem handler names its field and the values there are.
     */
    @Bean
    JacksonModule enumsInBodies() {
        return new SimpleModule("keepwarm-enums") {
            @Override
            public void setupModule(SetupContext context) {
                super.setupModule(context);
                context.addHandler(new DeserializationProblemHandler() {
                    @Override
                    public Object handleWeirdStringValue(DeserializationContext ctxt, Class<?> targetType,
                            String valueToConvert, String failureMsg) {
                        Enum<?> named = targetType.isEnum() ? named(targetType, valueToConvert) : null;
                        return named == null ? NOT_HANDLED : named;
                    }

                    @Override
                    public Object handleWeirdKey(DeserializationContext ctxt, Class<?> rawKeyType, String keyValue,
                            String failureMsg) {
                        return handleWeirdStringValue(ctxt, rawKeyType, keyValue, failureMsg);
                    }
                });
            }
        };
    }

    /** The constant of {@code type} that {@code text} names in any case, spaces and hyphens as underscores; or null. */
    static Enum<?> named(Class<?> type, String text) {
        String name = text.strip();
        String underscored = name.replace(' ', '_').replace('-', '_');
        return name.isEmpty() ? null : Arrays.stream((Enum<?>[]) type.getEnumConstants())
                .filter(c -> c.name().equalsIgnoreCase(name) || c.name().equalsIgnoreCase(underscored))
                .findFirst().orElse(null);
    }
}
