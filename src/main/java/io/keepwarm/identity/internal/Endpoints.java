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
    private volatile List<String> patterns;

    Endpoints(ApplicationContext context) {
        this.context = context;
    }

    boolean answer(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return patterns().stream().anyMatch(pattern -> PATHS.match(pattern, path));
    }

    /** Read at the first refusal, once every controller is mapped. */
    private List<String> patterns() {
        if (patterns == null) {
            patterns = context.getBeansOfType(RequestMappingInfoHandlerMapping.class).values().stream()
                    .flatMap(mapping -> mapping.getHandlerMethods().keySet().stream())
                    .flatMap(info -> info.getPatternValues().stream())
                    .distinct()
                    .toList();
        }
        return patterns;
    }
}
