package io.keepwarm.ui;

import io.keepwarm.platform.ForbiddenException;
import io.keepwarm.platform.NotFoundException;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;

/**
 * A page that names something missing or forbidden answers with the app's error page, in words and with a way on,
 * where the API answers the same exceptions as problem details (platform's handler, which would otherwise take these
 * too and show a person raw JSON).
 */
@ControllerAdvice(basePackageClasses = PageErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class PageErrors {

    @ExceptionHandler
    ModelAndView notFound(NotFoundException e) {
        return page(HttpStatus.NOT_FOUND, e.getMessage());
    }

    @ExceptionHandler
    ModelAndView forbidden(ForbiddenException e) {
        return page(HttpStatus.FORBIDDEN, e.getMessage());
    }

    private static ModelAndView page(HttpStatus status, String detail) {
        return new ModelAndView("error", Map.of("status", status.value(), "detail", detail), status);
    }
}
