package io.keepwarm.platform.web;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import io.keepwarm.platform.BusyException;
import io.keepwarm.platform.ConflictException;
import io.keepwarm.platform.Contention;
import io.keepwarm.platform.DatabaseFailures;
import io.keepwarm.platform.ForbiddenException;
import io.keepwarm.platform.InvalidInputException;
import io.keepwarm.platform.InvalidInputException.FieldError;
import io.keepwarm.platform.LoggedFailures;
import io.keepwarm.platform.NotFoundException;
import io.keepwarm.platform.TooManyAttemptsException;
import java.util.List;
import org.springframework.beans.TypeMismatchException;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.convert.ConversionFailedException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.databind.DatabindException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/** Maps every error of the API, once, to RFC 9457 problem details a person can act on. */
@RestControllerAdvice
class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ProblemHandler.class);

    /** Fields answers carry that no request sets: named as such when a GET's answer is sent back as a PUT. */
    private static final java.util.Set<String> SET_BY_KEEPWARM = java.util.Set.of("id", "createdAt", "createdBy",
            "updatedAt", "updatedBy", "version", "warnings", "textDerived", "refreshedAt", "timeDependent",
            "listeningSince", "webhookSecret");

    @ExceptionHandler
    ProblemDetail invalidInput(InvalidInputException e) {
        ProblemDetail problem = withErrors(problem(HttpStatus.BAD_REQUEST, "Invalid input", e.getMessage()), e.errors());
        e.problemProperties().forEach(problem::setProperty);
        return problem;
    }

    @ExceptionHandler
    ProblemDetail notFound(NotFoundException e) {
        return problem(HttpStatus.NOT_FOUND, "Not found", e.getMessage());
    }

    @ExceptionHandler
    ProblemDetail forbidden(ForbiddenException e) {
        return problem(HttpStatus.FORBIDDEN, "Forbidden", e.getMessage());
    }

    @ExceptionHandler
    ResponseEntity<ProblemDetail> tooManyAttempts(TooManyAttemptsException e) {
        return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(e.retryAfter().toSeconds()))
                .body(problem(HttpStatus.TOO_MANY_REQUESTS, "Too many attempts", e.getMessage()));
    }

    /** The database gave the work up for another's on every try: nothing was recorded, and sending it again works. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> busy(BusyException e) {
        return busyAnswer(e.getMessage(), e.retryAfter());
    }

    private static ResponseEntity<ProblemDetail> busyAnswer(String detail, java.time.Duration retryAfter) {
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, retryAfter.toSeconds())))
                .body(problem(HttpStatus.SERVICE_UNAVAILABLE, "Busy", detail));
    }

    @ExceptionHandler
    ProblemDetail conflict(ConflictException e) {
        ProblemDetail problem = problem(HttpStatus.CONFLICT, "Conflict", e.getMessage());
        e.properties().forEach(problem::setProperty);
        return problem;
    }

    @ExceptionHandler
    ProblemDetail integrity(DataIntegrityViolationException e) {
        // The caller hears only that nothing was written; which constraint refused it is for whoever runs Keepwarm.
        log.warn("A change was refused by the database: {}", LoggedFailures.summary(e));
        return problem(HttpStatus.CONFLICT, "Conflict",
                "The change clashes with existing data (a duplicate or a missing reference); nothing was written");
    }

    @ExceptionHandler
    ProblemDetail multipart(MultipartException e) {
        return problem(HttpStatus.BAD_REQUEST, "Unreadable upload",
                "The upload is not a well-formed multipart/form-data body; send the file as the part named 'file'");
    }

    /** The last resort: a failure nobody foresaw still answers as a problem; its transaction has rolled back. */
    @ExceptionHandler
    ResponseEntity<ProblemDetail> unexpected(Exception e) {
        // A browser that left mid-answer (a page closed while its styles loaded) is no failure of ours, and there is
        // nobody to answer: an ERROR with a stack trace each time would bury the real ones in the log.
        if (DisconnectedClientHelper.isClientDisconnectedException(e)) {
            log.debug("The client went away before the answer was written: {}", LoggedFailures.cut(e.getMessage()));
            return null;
        }
        if (DatabaseFailures.unreachable(e)) {
            // An outage answers every request alike: a stack trace for each would bury the log; /actuator/health
            // and the line here say what is wrong.
            log.warn("A request failed: the database cannot be reached ({})",
                    LoggedFailures.cut(NestedExceptionUtils.getMostSpecificCause(e).getMessage()));
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(problem(HttpStatus.SERVICE_UNAVAILABLE,
                    "Service unavailable", "The database cannot be reached just now; nothing was changed. Try again in"
                            + " a minute, and if it persists, tell the administrator"));
        }
        if (Contention.lost(e)) {
            // Work not tried again where it failed (only some is): the database chose it to give way, not a bug.
            log.warn("A request lost to another transaction and was rolled back: {}", LoggedFailures.summary(e));
            return busyAnswer("The database is busy with other work on the same records and gave this request up;"
                    + " nothing of it was recorded. Send the same request again in a moment", Contention.RETRY_AFTER);
        }
        // A failed statement's message can hold the whole statement with its values: the log keeps a few hundred
        // characters of each message, the SQLSTATE and every stack trace down to the root cause.
        log.error("Unexpected failure", LoggedFailures.capped(e));
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).body(problem(HttpStatus.INTERNAL_SERVER_ERROR,
                "Internal error", "Something failed on our side; the change it was making was rolled back. Try again,"
                        + " and if it persists, tell the administrator (the server log has the details)"));
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldError> errors = e.getBindingResult().getFieldErrors().stream()
                .map(f -> new FieldError(f.getField(), f.getDefaultMessage()))
                .toList();
        String detail = errors.stream().map(f -> f.field() + " " + f.message()).reduce((a, b) -> a + "; " + b)
                .orElse("The request body breaks a rule");
        return ResponseEntity.badRequest().body(withErrors(problem(HttpStatus.BAD_REQUEST, "Invalid input", detail), errors));
    }

    /**
     * A query parameter or an id in the address that is not of its kind ({@code ?status=open}, {@code ?limit=ten}):
     * says what it takes, as a bad field of a body does, where Spring's own message only says it failed to convert.
     */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = e instanceof MethodArgumentTypeMismatchException m ? m.getName() : e.getPropertyName();
        boolean inPath = e instanceof MethodArgumentTypeMismatchException m
                && m.getParameter().hasParameterAnnotation(PathVariable.class);
        // In a list (?type=opened&type=telepathy) the one value that failed, and what each value must be.
        Class<?> type = e.getCause() instanceof ConversionFailedException element ? element.getTargetType().getType()
                : e.getRequiredType();
        Object value = e.getCause() instanceof ConversionFailedException element ? element.getValue() : e.getValue();
        String message = "must be " + (type == null ? "of another kind" : expected(type)) + ", not '" + value + "'";
        String detail = (inPath ? "The " + name + " in the address " : "Parameter '" + name + "' ") + message;
        return ResponseEntity.badRequest().body(withErrors(problem(HttpStatus.BAD_REQUEST, "Invalid input", detail),
                List.of(new FieldError(name, message))));
    }

    /** A query parameter left out: named with what it takes, in the shape of every other bad input. */
    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String takes = e.getMethodParameter() == null ? "" : ": " + expected(e.getMethodParameter().getParameterType());
        String message = "is required" + takes;
        return ResponseEntity.badRequest().body(withErrors(problem(HttpStatus.BAD_REQUEST, "Invalid input",
                "Parameter '" + e.getParameterName() + "' " + message), List.of(new FieldError(e.getParameterName(), message))));
    }

    /** A method the address does not take: says which it takes, as the Allow header does, where Spring's own message stops. */
    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(
            org.springframework.web.HttpRequestMethodNotSupportedException e, HttpHeaders headers, HttpStatusCode status,
            WebRequest request) {
        var allowed = e.getSupportedHttpMethods();
        String takes = allowed == null || allowed.isEmpty() ? ""
                : "; it takes " + String.join(" or ", allowed.stream().map(org.springframework.http.HttpMethod::name)
                        .sorted().toList());
        return ResponseEntity.status(HttpStatus.METHOD_NOT_ALLOWED).headers(e.getHeaders())
                .body(problem(HttpStatus.METHOD_NOT_ALLOWED, "Method Not Allowed",
                        "This address does not take " + e.getMethod() + takes + " (see the API reference at /swagger-ui.html)"));
    }

    /** A file upload without its file: named as a missing field is, in the shape of every other bad input. */
    @Override
    protected ResponseEntity<Object> handleMissingServletRequestPart(
            org.springframework.web.multipart.support.MissingServletRequestPartException e, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        String message = "is required: send it as the multipart/form-data part named '" + e.getRequestPartName() + "'";
        return ResponseEntity.badRequest().body(withErrors(problem(HttpStatus.BAD_REQUEST, "Invalid input",
                "Part '" + e.getRequestPartName() + "' " + message), List.of(new FieldError(e.getRequestPartName(), message))));
    }

    /** A body of a type the address does not read: says which it reads, which Spring's own message leaves out. */
    @Override
    protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
            HttpMediaTypeNotSupportedException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String given = e.getContentType() == null ? "The request has no Content-Type"
                : "Content-Type '" + e.getContentType() + "' is not read here";
        // The API speaks JSON: name its JSON types where it reads them, not every format a converter could read.
        List<String> named = e.getSupportedMediaTypes().stream().filter(t -> !t.isWildcardSubtype())
                .map(t -> t.getType() + "/" + t.getSubtype()).distinct().toList();
        List<String> json = named.stream().filter(t -> t.endsWith("/json") || t.endsWith("+json")).toList();
        String wanted = String.join(" or ", json.isEmpty() ? named : json);
        ProblemDetail problem = problem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported Media Type",
                given + (wanted.isEmpty() ? "" : "; send " + wanted));
        return ResponseEntity.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).headers(e.getHeaders()).body(problem);
    }

    /**
     * A body that cannot be read: every value of it that cannot be ({@link WholeBodyConverter} reads past them), each at
     * its field, in the shape of every other bad input, then the mistake that ended the reading, if one did, then the
     * rules the rest of a validated body breaks. A body that is not JSON at all is one error, with the line and column
     * where the reading stopped.
     */
    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BodyTooLargeException tooLarge) {
                return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                        .body(problem(HttpStatus.CONTENT_TOO_LARGE, "Request too large", tooLarge.getMessage()));
            }
        }
        if (e.getCause() == null) {
            // Spring's own message names the controller method's Java signature, which tells a caller nothing.
            return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "Unreadable request body",
                    String.valueOf(e.getMessage()).startsWith("Required request body is missing")
                            ? "The request has no body; send the JSON the API documents for this address"
                            : "The body cannot be read; send the JSON the API documents for this address"));
        }
        return ResponseEntity.badRequest().body(unreadableBody(e.getCause()));
    }

    /** A body a controller took as a tree and read ({@link UnreadableValues#read}), answered as any other body. */
    @ExceptionHandler
    ProblemDetail unreadableValues(UnreadableValues e) {
        return unreadableBody(e);
    }

    private ProblemDetail unreadableBody(Throwable cause) {
        List<FieldError> errors = new java.util.ArrayList<>();
        List<FieldError> broken = List.of();
        Throwable last = cause;
        if (last instanceof UnreadableValues values) {
            values.values().forEach(v -> errors.add(described(v.problem(), v.at())));
            broken = values.broken();
            last = values.getCause();
        }
        java.util.Map<String, Object> properties = java.util.Map.of();
        if (last != null) {
            InvalidInputException invalid = invalidInside(last);
            if (invalid != null) {
                // A value type that checks itself while it is read (a segment rule inside a program) says what is wrong.
                InvalidInputException at = last instanceof JacksonException j && !j.getPath().isEmpty()
                        ? placed(invalid, pathOf(j)) : invalid;
                if (errors.isEmpty()) {
                    return invalidInput(at);
                }
                errors.addAll(at.errors());
                properties = at.problemProperties();
            } else if (last instanceof DatabindException || last instanceof InputCoercionException) {
                errors.add(described((JacksonException) last, pathOf((JacksonException) last)));
            } else {
                return notJson(last);
            }
        }
        int unreadable = errors.size();
        errors.addAll(broken);
        String detail = errors.size() == 1 ? sentence(errors.getFirst())
                : "The body has " + unreadable + (unreadable == 1 ? " value" : " values") + " that cannot be read"
                        + (broken.isEmpty() ? "" : " and " + broken.size() + " that break" + (broken.size() == 1 ? "s" : "")
                                + " a rule")
                        + ": " + errors.stream()
                        .map(f -> f.field().isEmpty() ? sentence(f) : f.field() + " " + f.message())
                        .collect(java.util.stream.Collectors.joining("; "));
        ProblemDetail problem = withErrors(problem(HttpStatus.BAD_REQUEST, "Unreadable request body", detail),
                errors.stream().filter(f -> !f.field().isEmpty()).toList());
        properties.forEach(problem::setProperty);
        return problem;
    }

    private static InvalidInputException invalidInside(Throwable last) {
        for (Throwable cause = last; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidInputException invalid) {
                return invalid;
            }
        }
        return null;
    }

    /**
     * The mistakes of a value read inside a body, named where the value stands: a rule names its parts from its own
     * root ({@code rule.and[1].op}), which inside a program's second step is {@code steps[1].rule.and[1].op}, and inside
     * its goal {@code goal.and[1].op}.
     */
    private static InvalidInputException placed(InvalidInputException invalid, String at) {
        List<FieldError> errors = invalid.errors().stream()
                .map(f -> new FieldError(at + f.field().replaceFirst("^[^.\\[]*", ""), f.message())).toList();
        String detail = invalid.errors().isEmpty() ? invalid.getMessage()
                : invalid.getMessage().replace(invalid.errors().getFirst().field(), errors.getFirst().field());
        return new InvalidInputException(detail, errors) {
            @Override
            public java.util.Map<String, Object> problemProperties() {
                return invalid.problemProperties();
            }
        };
    }

    /** "Field 'priority' must be a whole number, not 'high'": an error of a body as one sentence. */
    private static String sentence(FieldError f) {
        return (f.field().isEmpty() ? "The body " : "Field '" + f.field() + "' ") + f.message();
    }

    /**
     * Not JSON (a missing quote, a trailing comma): where the reading stopped, by line and column, as a segment
     * rule's syntax error says it, and Jackson's words for what it met there.
     */
    private static ProblemDetail notJson(Throwable cause) {
        String what = cause instanceof JacksonException j ? j.getOriginalMessage() : cause.getMessage();
        tools.jackson.core.TokenStreamLocation at = cause instanceof JacksonException j ? j.getLocation() : null;
        boolean located = at != null && at.getLineNr() > 0;
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "Unreadable request body", "The body is not valid JSON"
                + (located ? " at line " + at.getLineNr() + ", column " + at.getColumnNr() : "") + ": "
                + (what == null ? "empty or malformed" : readerless(what.lines().findFirst().orElse(""))));
        if (located) {
            problem.setProperty("line", at.getLineNr());
            problem.setProperty("column", at.getColumnNr());
        }
        return problem;
    }

    /**
     * Jackson's words without its reader's own: a body cut short ends "(start marker at [Source: REDACTED
     * (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); byte offset: #UNKNOWN])", which names a setting of
     * our parser and no place in the body (the line and column do that).
     */
    private static String readerless(String what) {
        return what.replaceFirst("\\s*\\(start marker at \\[Source:.*$", "").replaceFirst("\\s*at \\[Source:.*$", "");
    }

    /**
     * A value Jackson could not read, at {@code at} (its field, or empty for the whole body), in words for the person
     * who wrote the request; Jackson's own messages name Java types ("Cannot deserialize value of type
     * `java.lang.Integer` from String"), which helps nobody fix it.
     */
    private static FieldError described(JacksonException problem, String at) {
        if (problem instanceof InvalidTypeIdException typeId) {
            return typeIdProblem(typeId, at);
        }
        if (problem instanceof UnrecognizedPropertyException u) {
            return new FieldError(at, SET_BY_KEEPWARM.contains(u.getPropertyName())
                    ? "is set by Keepwarm and read-only: leave it out (a body sent back as a GET answered it carries such"
                            + " fields); the fields to send are " + u.getKnownPropertyIds()
                    : "is unknown; known fields are " + u.getKnownPropertyIds());
        }
        if (problem instanceof InvalidFormatException f && f.getValue() instanceof String text
                && NulRefusingStrings.holdsNul(text)) {
            return new FieldError(at, NulRefusingStrings.MESSAGE);
        }
        if (problem instanceof MismatchedInputException m && m.getTargetType() != null) {
            String given = m instanceof InvalidFormatException f ? ", not '" + f.getValue() + "'"
                    : String.valueOf(m.getOriginalMessage()).startsWith("Cannot map `null`") ? ", not null" : "";
            return new FieldError(at, "must be " + expected(m.getTargetType()) + given);
        }
        // Jackson's own words name Java's types: "out of range of `int` (-2147483648 - 2147483647)"
        if (problem instanceof InputCoercionException number) {
            String range = number.getTargetType() == int.class || number.getTargetType() == Integer.class
                    ? " from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE
                    : number.getTargetType() == long.class || number.getTargetType() == Long.class
                    ? " from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE : "";
            return new FieldError(at, "is out of range: it must be a whole number" + range);
        }
        return new FieldError(at, "has a value of the wrong type or format");
    }

    /**
     * What a field takes, in words for the person who wrote the request; Jackson's own message names Java types and
     * its settings ("Cannot map `null` into type `long` (set DeserializationFeature…)"), which helps nobody fix it.
     */
    private static String expected(Class<?> type) {
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.toString(type.getEnumConstants());
        }
        if (type == java.time.LocalDate.class) {
            return "a date such as 2027-03-01";
        }
        if (type == java.time.Instant.class || type == java.time.OffsetDateTime.class) {
            return "a time with its offset such as 2027-03-01T09:00:00Z";
        }
        if (type == java.time.LocalDateTime.class) {
            return "a date and time such as 2027-03-01T09:00";
        }
        if (type == java.time.LocalTime.class) {
            return "a time of day such as 09:00";
        }
        if (type == java.time.Duration.class) {
            return "a duration such as PT1H or P14D";
        }
        if (type == long.class || type == Long.class || type == int.class || type == Integer.class
                || type == short.class || type == Short.class) {
            return "a whole number";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class
                || type == java.math.BigDecimal.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "text";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "an object with the fields the API documents";
    }

    /**
     * A step, action or "when" of a kind we do not have, or without its kind, in the object at {@code at}: names the
     * kinds there are, which Jackson's own message ("Could not resolve type id 'sned' as a subtype of
     * `io.keepwarm...`") does not.
     */
    private static FieldError typeIdProblem(InvalidTypeIdException e, String at) {
        Class<?> base = e.getBaseType() == null ? null : e.getBaseType().getRawClass();
        JsonSubTypes kinds = base == null ? null : base.getAnnotation(JsonSubTypes.class);
        List<String> known = kinds == null ? List.of()
                : java.util.Arrays.stream(kinds.value()).map(JsonSubTypes.Type::name).toList();
        JsonTypeInfo info = base == null ? null : base.getAnnotation(JsonTypeInfo.class);
        String property = info == null || info.property().isEmpty() ? "type" : info.property();
        String field = at.isEmpty() ? property : at + "." + property;
        return new FieldError(field, e.getTypeId() == null
                ? "is required" + (known.isEmpty() ? "" : ", one of " + known)
                : "must be " + (known.isEmpty() ? "a kind the API documents" : "one of " + known) + ", not '"
                        + e.getTypeId() + "'");
    }

    private static String pathOf(JacksonException db) {
        StringBuilder path = new StringBuilder();
        for (var ref : db.getPath()) {
            if (ref.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getPropertyName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    static ProblemDetail problem(HttpStatus status, String title, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setTitle(title);
        problem.setType(ABOUT_BLANK);
        return problem;
    }

    /**
     * RFC 9457's type of a problem that is no more than its status. Spring leaves it out (absent means the same), but the
     * security chain and filters write it ({@link ProblemResponses}): one answer has one shape, whoever writes it.
     */
    private static final java.net.URI ABOUT_BLANK = java.net.URI.create("about:blank");

    /** A problem Spring words itself (a 406, a missing path variable) carries the type too. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
            HttpStatusCode status, WebRequest request) {
        ResponseEntity<Object> answer = super.handleExceptionInternal(e, body, headers, status, request);
        if (answer != null && answer.getBody() instanceof ProblemDetail problem && problem.getType() == null) {
            problem.setType(ABOUT_BLANK);
        }
        return answer;
    }

    private static ProblemDetail withErrors(ProblemDetail problem, List<FieldError> errors) {
        if (!errors.isEmpty()) {
            problem.setProperty("errors", errors);
        }
        return problem;
    }
}
