package io.keepwarm.platform.web;

import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.DefaultParameterNameDiscoverer;
import org.springframework.core.MethodParameter;
import org.springframework.core.ParameterNameDiscoverer;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Refuses a query parameter an API address does not take, naming it and the ones it does: Spring ignores them, so
 * {@code GET /api/v1/contacts?country=DE} answered every contact, which reads as "the filter was applied". One rule
 * for every address of the API, read from what each controller method declares, so a new filter, cursor or limit
 * is taken the day it is written. Of a form-encoded or multipart request only the query string counts, so that its
 * body is left unread for its controller.
 */
@Configuration
class KnownParameters implements WebMvcConfigurer, HandlerInterceptor {

    private static final ParameterNameDiscoverer NAMES = new DefaultParameterNameDiscoverer();

    /** Spring Security's name for the CSRF token's parameter, where no token is on the request to ask. */
    private static final String DEFAULT_CSRF = "_csrf";

    /** The names each handler method reads; empty for one that reads any it is given (a map of them, a bound object). */
    private final Map<HandlerMethod, Optional<Set<String>>> taken = new ConcurrentHashMap<>();

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(this).addPathPatterns("/api/**");
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        if (!(handler instanceof HandlerMethod method)) {
            return true;
        }
        Set<String> known = taken.computeIfAbsent(method, KnownParameters::parameters).orElse(null);
        if (known == null) {
            return true;
        }
        List<String> unknown = given(request).stream().filter(name -> !known.contains(name)).toList();
        if (!unknown.isEmpty()) {
            Set<String> csrf = csrf(request);
            unknown = unknown.stream().filter(name -> !csrf.contains(name)).toList();
        }
        if (unknown.isEmpty()) {
            return true;
        }
        String takes = known.isEmpty() ? "takes no query parameters" : "takes only " + String.join(", ", known);
        List<FieldError> errors = unknown.stream()
                .map(name -> new FieldError(name, "is not a parameter of this address, which " + takes)).toList();
        String named = unknown.stream().map(name -> "'" + name + "'").collect(Collectors.joining(", "));
        throw new InvalidInputException("Unknown parameter" + (unknown.size() == 1 ? " " : "s ") + named + ": "
                + request.getMethod() + " " + request.getRequestURI() + " " + takes, errors) {
            @Override
            public Map<String, Object> problemProperties() {
                return Map.of("acceptedParameters", List.copyOf(known));
            }
        };
    }

    /**
     * The CSRF token's parameter, which a signed-in session (the app's pages, a test's MockMvc) sends to any address
     * beside the address's own: Spring Security reads it, not the controller.
     */
    private static Set<String> csrf(HttpServletRequest request) {
        // Asking the token its name loads it, and a token kept in the session makes one: an API key's calls, which
        // have no session and send no token, each left a session behind (a Set-Cookie on every answer).
        return request.getSession(false) != null
                && request.getAttribute(CsrfToken.class.getName()) instanceof CsrfToken token
                && !token.getParameterName().equals(DEFAULT_CSRF)
                ? Set.of(DEFAULT_CSRF, token.getParameterName()) : Set.of(DEFAULT_CSRF);
    }

    /** The names a handler method reads from the query, in its order; empty when it reads any. */
    private static Optional<Set<String>> parameters(HandlerMethod method) {
        Set<String> names = new LinkedHashSet<>();
        for (MethodParameter parameter : method.getMethodParameters()) {
            parameter.initParameterNameDiscovery(NAMES);
            RequestParam param = parameter.getParameterAnnotation(RequestParam.class);
            RequestPart part = parameter.getParameterAnnotation(RequestPart.class);
            String declared = param != null ? param.name() : part != null ? part.name() : null;
            if (param != null && declared.isEmpty() && Map.class.isAssignableFrom(parameter.getParameterType())
                    || parameter.hasParameterAnnotation(ModelAttribute.class)) {
                return Optional.empty();
            }
            if (declared != null) {
                names.add(declared.isEmpty() ? parameter.getParameterName() : declared);
            }
        }
        return Optional.of(names);
    }

    /**
     * The names of the parameters a request was given in its address, each once, in order ({@code a=1&b&a=2} is a, b):
     * of a form-encoded or multipart body, those of its query string only.
     */
    private static List<String> given(HttpServletRequest request) {
        String type = String.valueOf(request.getContentType()).toLowerCase(java.util.Locale.ROOT);
        if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/")) {
            return List.copyOf(request.getParameterMap().keySet());
        }
        String query = request.getQueryString() == null ? "" : request.getQueryString();
        return Arrays.stream(query.split("&")).filter(pair -> !pair.isEmpty())
                .map(pair -> decoded(pair.split("=", 2)[0]))
                .distinct().toList();
    }

    private static String decoded(String name) {
        try {
            return URLDecoder.decode(name, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException badEscape) {
            return name;
        }
    }
}
