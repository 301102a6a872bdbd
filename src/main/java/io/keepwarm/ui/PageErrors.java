package io.keepwarm.ui;

import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.DatabaseFailures;
import io.keepwarm.platform.ForbiddenException;
import io.keepwarm.platform.TooManyAttemptsException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.LoggedFailures;
import io.keepwarm.platform.NotFoundException;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorViewResolver;
import org.springframework.context.ApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.Ordered;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.WebAttributes;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Component;
import org.springframework.validation.BindException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.method.ControllerAdviceBean;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.method.annotation.ExceptionHandlerMethodResolver;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Every error of a request for a page ("/" and /ui/**) answers with the app's error page: the status that fits, what
 * went wrong in words a person can act on, and the menu as a way on. Keyed on the address, not on the controller, so
 * an address with no page behind it and a value that does not fit a page's parameters are pages too; the API
 * (platform's ProblemHandler) keeps answering the same errors as problem details. What fails before a controller is
 * reached (security refusing a form, the servlet container an upload) arrives through Spring Boot's /error, and is
 * worded here too.
 */
@Component
class PageErrors implements HandlerExceptionResolver, ErrorViewResolver, Ordered, SmartInitializingSingleton {

    /** An advice a module gives its own controllers only, and which of their exceptions it handles. */
    private record OwnAdvice(ControllerAdviceBean advice, ExceptionHandlerMethodResolver handles) {}

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(PageErrors.class);

    private static final Set<Class<?>> WHOLE_NUMBERS = Set.of(Long.class, long.class, Integer.class, int.class);

    private final PageModel shell;
    private final UploadLimit uploadLimit;
    private final ApplicationContext context;
    private List<OwnAdvice> ownAdvice = List.of();

    PageErrors(PageModel shell, UploadLimit uploadLimit, ApplicationContext context) {
        this.shell = shell;
        this.uploadLimit = uploadLimit;
        this.context = context;
    }

    /**
     * The advice that is not for every controller (a global one, such as platform's problem details, applies to any
     * type, Object included): tracking's words an unknown piece on the landing page's preview under /ui for itself.
     */
    @Override
    public void afterSingletonsInstantiated() {
        ownAdvice = ControllerAdviceBean.findAnnotatedBeans(context).stream()
                .filter(advice -> !advice.isApplicableToBeanType(Object.class))
                .map(advice -> new OwnAdvice(advice, new ExceptionHandlerMethodResolver(advice.getBeanType())))
                .toList();
    }

    /** Before the MVC's own resolvers (after Spring Boot's, which only records the error for /error). */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 1;
    }

    @Override
    public ModelAndView resolveException(HttpServletRequest request, HttpServletResponse response, Object handler,
            Exception e) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!forPage(path) || answeredByItsOwnAdvice(handler, e)) {
            return null;
        }
        return switch (e) {
            case NotFoundException notFound -> page(request, HttpStatus.NOT_FOUND, notFound.getMessage());
            case ForbiddenException forbidden -> page(request, HttpStatus.FORBIDDEN, forbidden.getMessage());
            case TooManyAttemptsException tooMany -> page(request, HttpStatus.TOO_MANY_REQUESTS, tooMany.getMessage());
            case InvalidInputException invalid -> page(request, HttpStatus.BAD_REQUEST, Problems.describe(invalid));
            case ConflictException conflict -> page(request, HttpStatus.CONFLICT, conflict.getMessage());
            case DataIntegrityViolationException integrity -> page(request, HttpStatus.CONFLICT,
                    "The change clashes with what is stored (someone else may have changed or removed it); nothing"
                            + " was written. Open the page again and retry.");
            case NoResourceFoundException missing -> page(request, HttpStatus.NOT_FOUND, noPageAt(path));
            case MethodArgumentTypeMismatchException mismatch when mismatch.getParameter()
                    .hasParameterAnnotation(PathVariable.class) -> page(request, HttpStatus.NOT_FOUND,
                    "'" + mismatch.getValue() + "' is not a valid " + named(path, String.valueOf(mismatch.getValue()))
                            + " id: the address of its page ends in its number.");
            case MethodArgumentTypeMismatchException mismatch -> page(request, HttpStatus.BAD_REQUEST,
                    expected(mismatch.getName(), mismatch.getRequiredType(), mismatch.getValue()));
            case BindException binding -> page(request, HttpStatus.BAD_REQUEST, binding.getFieldErrors().stream()
                    .map(f -> expected(f.getField(), binding.getFieldType(f.getField()), f.getRejectedValue()))
                    .collect(Collectors.joining(" ")));
            case MissingServletRequestParameterException absent -> page(request, HttpStatus.BAD_REQUEST,
                    "The form came without " + absent.getParameterName() + "; go back, fill it in and send it again.");
            case MissingServletRequestPartException absent -> page(request, HttpStatus.BAD_REQUEST,
                    "The form came without its " + absent.getRequestPartName() + "; go back, choose one and send it"
                            + " again.");
            case MaxUploadSizeExceededException tooLarge -> page(request, HttpStatus.CONTENT_TOO_LARGE, tooLarge());
            case MultipartException broken -> page(request, HttpStatus.BAD_REQUEST,
                    "The upload did not arrive whole (the connection may have dropped); choose the file and send it"
                            + " again.");
            case HttpRequestMethodNotSupportedException method when method.getMethod().equals("GET") -> page(request,
                    HttpStatus.METHOD_NOT_ALLOWED, "This address is where a form sends what was typed, not a page to"
                            + " open; go back to the page with the form.");
            case ErrorResponse known -> page(request, HttpStatus.valueOf(known.getStatusCode().value()), null);
            case Exception outage when DatabaseFailures.unreachable(outage) -> {
                // An outage answers every page alike: one line each, not a stack trace each.
                log.warn("{} {} failed: the database cannot be reached ({})", request.getMethod(), path,
                        NestedExceptionUtils.getMostSpecificCause(outage).getMessage());
                yield page(request, HttpStatus.SERVICE_UNAVAILABLE, "The database cannot be reached just now; nothing"
                        + " was changed. Try again in a minute, and if it persists, tell the administrator.");
            }
            default -> {
                log.error("Unexpected failure on " + request.getMethod() + " " + path, LoggedFailures.capped(e));
                yield page(request, HttpStatus.INTERNAL_SERVER_ERROR, null);
            }
        };
    }

    @Override
    public ModelAndView resolveErrorView(HttpServletRequest request, HttpStatus status, Map<String, Object> model) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        if (!(uri instanceof String address)) {
            return null;
        }
        String path = address.substring(request.getContextPath().length());
        if (!forPage(path) && !(status == HttpStatus.NOT_FOUND && outsideTheOtherDoors(path))) {
            return null;
        }
        String detail = switch (status) {
            // Security answers a signed-in person's mistyped address (/contacts/5) with "not found".
            case NOT_FOUND -> forPage(path) ? null : noPageAt(path);
            // The container measures an upload as it reads it, before any controller sees the request.
            case CONTENT_TOO_LARGE -> tooLarge();
            // A form's token belongs to the session it was shown in: that session ended, or the page is older.
            case FORBIDDEN -> request.getAttribute(WebAttributes.ACCESS_DENIED_403) instanceof CsrfException
                    ? "Your session has ended or the page is out of date: sign in again in another tab, then come"
                            + " back and send the form again (go back: what you typed may still be there)."
                    : null;
            default -> null;
        };
        return page(request, status, detail);
    }

    private boolean answeredByItsOwnAdvice(Object handler, Exception e) {
        return handler instanceof HandlerMethod method && ownAdvice.stream().anyMatch(own ->
                own.advice().isApplicableToBeanType(method.getBeanType()) && own.handles().resolveMethodByThrowable(e) != null);
    }

    private static boolean forPage(String path) {
        return path.equals("/") || path.equals("/ui") || path.startsWith("/ui/");
    }

    /** Not the API's, the prospect's or the email providers' addresses: those answer in their own way. */
    private static boolean outsideTheOtherDoors(String path) {
        return !path.startsWith("/api/") && !path.startsWith("/t/") && !path.startsWith("/hooks/");
    }

    private static String noPageAt(String path) {
        return "There is no page at " + path + ": the address may be mistyped, or the link old. The menu above leads"
                + " to every page.";
    }

    private String tooLarge() {
        return "The file is larger than " + uploadLimit + ", the most one upload may be; split it into files under "
                + uploadLimit + " (each CSV part with the header line) and import them one after the other.";
    }

    /** The error page inside the app's shell; a null detail leaves the page's own words for the status. */
    private ModelAndView page(HttpServletRequest request, HttpStatus status, String detail) {
        Map<String, Object> model = new LinkedHashMap<>();
        model.put("status", status.value());
        model.put("detail", detail);
        model.put("sessionEnded", status == HttpStatus.FORBIDDEN
                && request.getAttribute(WebAttributes.ACCESS_DENIED_403) instanceof CsrfException);
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication != null && !(authentication instanceof AnonymousAuthenticationToken)) {
            model.put("user", shell.user(authentication, request));
            model.put("nav", shell.nav(authentication, request));
        }
        return new ModelAndView("error", model, status);
    }

    /** What a parameter takes, for a value it does not: "stage must be one of NEW, NURTURE, …; 'BOGUS' is not one." */
    private static String expected(String name, Class<?> type, Object value) {
        String given = "'" + value + "'";
        if (type != null && type.isEnum()) {
            return name + " must be one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf)
                    .collect(Collectors.joining(", ")) + "; " + given + " is not one.";
        }
        if (type != null && WHOLE_NUMBERS.contains(type)) {
            return name + " must be a whole number; " + given + " is not one.";
        }
        if (type == LocalDate.class) {
            return name + " must be a date such as 2026-03-31; " + given + " is not one.";
        }
        if (type == Instant.class) {
            return name + " must be a moment such as 2026-03-31T09:30:00Z; " + given + " is not one.";
        }
        return given + " is not a valid " + name + ".";
    }

    /** What the address names by the value ("contact" in /ui/contacts/abc): the word before it, singular. */
    private static String named(String path, String value) {
        List<String> segments = Arrays.stream(path.split("/"))
                .map(s -> URLDecoder.decode(s, StandardCharsets.UTF_8)).toList();
        int at = segments.indexOf(value);
        if (at < 1 || segments.get(at - 1).isEmpty()) {
            return "page";
        }
        String word = segments.get(at - 1).replace('-', ' ');
        return word.endsWith("ies") ? word.substring(0, word.length() - 3) + "y"
                : word.endsWith("s") ? word.substring(0, word.length() - 1) : word;
    }
}
