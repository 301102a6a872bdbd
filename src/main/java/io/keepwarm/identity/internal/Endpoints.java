package io.keepwarm.identity.internal;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.springframework.context.ApplicationContext;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.servlet.mvc.method.RequestMappingInfoHandlerMapping;

/**
 * Whether any controller answers an address, whatever the method and whoever asks. Security denies what its rules do
 * not name; a signed-in person denied an address that nothing answers (a typo, an old link) is told it is not found
 * rather than that their role may not open it. The refusal stands either way: this only words it.
 */
final class Endpoints {

    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private final ApplicationContext context;
    private volatile List<Pattern> patterns;

    Endpoints(ApplicationContext context) {
        this.context = context;
    }

    boolean answer(HttpServletRequest request) {
        String path = path(request);
        return patterns().stream().anyMatch(pattern -> PATHS.match(pattern.path(), path));
    }

    /**
     * The methods the address takes, in order, when it takes some but not the request's: a caller who sends GET where
     * only POST is answered is told so (405), as the API answers it where the caller may call the address, rather than
     * that their role may not, which no role may. Empty when the request's method is taken or the address is not.
     */
    List<String> otherMethods(HttpServletRequest request) {
        String path = path(request);
        java.util.Set<String> taken = new java.util.TreeSet<>();
        for (Pattern pattern : patterns()) {
            if (PATHS.match(pattern.path(), path)) {
                if (pattern.methods().isEmpty()) {
                    return List.of();
                }
                taken.addAll(pattern.methods());
            }
        }
        String method = "HEAD".equals(request.getMethod()) ? "GET" : request.getMethod();
        return taken.contains(method) ? List.of() : List.copyOf(taken);
    }

    private static String path(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    private record Pattern(String path, java.util.Set<String> methods) {}

    /** Read at the first refusal, once every controller is mapped. */
    private List<Pattern> patterns() {
        if (patterns == null) {
            patterns = context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values().stream()
                    .flatMap(mapping -> mapping.getHandlerMethods().keySet().stream())
                    .flatMap(info -> info.getPatternValues().stream().map(path -> new Pattern(path,
                            info.getMethodsCondition().getMethods().stream().map(Enum::name)
                                    .collect(java.util.stream.Collectors.toUnmodifiableSet()))))
                    .distinct()
                    .toList();
        }
        return patterns;
    }
}
