package io.keepwarm.platform.web;

import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Refuses a request parameter (of the query or a form) that holds the NUL character, naming it, before any handler
 * reads it: PostgreSQL stores and compares no NUL in text, so a search for "a\u0000b" failed the query and was
 * answered as a clash with existing data. The API answers it as any invalid input (400, RFC 9457, the parameter in
 * {@code errors}), the pages with their page for a bad request. JSON bodies are checked as they are read
 * ({@link NulRefusingReader}); the sign-in form, which Spring Security reads before any handler, by identity's filter
 * with {@link #refusal}.
 */
@Configuration
public class NulParameters implements WebMvcConfigurer, HandlerInterceptor {

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this);
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (request.getDispatcherType() != DispatcherType.REQUEST) {
            // The error page's own dispatch: reading the parameters again would throw what sent it there (an upload
            // over the limit, say) instead of letting the error be answered as it is.
            return true;
        }
        refusal(request).ifPresent(refused -> {
            throw refused;
        });
        return true;
    }

    /**
     * The refusal of a request whose parameters (of the query or a form) hold a NUL character, naming each; none when
     * none does. For a filter that reads a parameter before any handler: Spring Security's sign-in form.
     */
    public static Optional<InvalidInputException> refusal(HttpServletRequest request) {
        List<String> named = request.getParameterMap().entrySet().stream()
                .filter(p -> NulRefusingStrings.holdsNul(p.getKey())
                        || Arrays.stream(p.getValue()).anyMatch(NulRefusingStrings::holdsNul))
                .map(p -> p.getKey().replace('\0', '?')).sorted().toList();
        if (named.isEmpty()) {
            return Optional.empty();
        }
        List<FieldError> errors = named.stream().map(name -> new FieldError(name, NulRefusingStrings.MESSAGE)).toList();
        return Optional.of(new InvalidInputException(errors.stream().map(e -> "Parameter '" + e.field() + "' "
                + e.message()).collect(Collectors.joining("; ")) + ": remove it and send the request again", errors));
    }
}
