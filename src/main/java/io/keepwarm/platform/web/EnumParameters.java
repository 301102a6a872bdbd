package io.keepwarm.platform.web;

import java.util.Arrays;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.convert.converter.ConverterFactory;
import org.springframework.format.FormatterRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Reads every enum in a query parameter or an address, across the API and the pages, in any case: {@code ?state=open},
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
            String name = text.strip();
            if (name.isEmpty()) {
                return null;
            }
            String underscored = name.replace(' ', '_').replace('-', '_');
            return Arrays.stream((Enum<?>[]) type.getEnumConstants())
                    .filter(c -> c.name().equalsIgnoreCase(name) || c.name().equalsIgnoreCase(underscored))
                    .findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("'" + text + "' is not one of "
                            + Arrays.toString(type.getEnumConstants())));
        }
    }
}
