package io.keepwarm.platform.web;

import io.keepwarm.platform.InvalidInputException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a problem-details body where no controller advice reaches: servlet filters and security. Its members are those
 * of the controllers' problems, {@code instance} (the request's path, as Spring MVC sets it) included.
 */
public final class ProblemResponses {

    private ProblemResponses() {}

    public static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title,
            String detail) throws IOException {
        write(request, response, status, title, detail, Map.of());
    }

    /** Invalid input, as the controllers answer it: 400, with each mistake at its field in {@code errors}. */
    public static void write(HttpServletRequest request, HttpServletResponse response, InvalidInputException invalid)
            throws IOException {
        write(request, response, HttpStatus.BAD_REQUEST, "Invalid input", invalid.getMessage(),
                invalid.errors().isEmpty() ? Map.of() : Map.of("errors", invalid.errors()));
    }

    private static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title,
            String detail, Map<String, Object> more) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        problem.putAll(more);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(JsonMapper.shared().writeValueAsString(problem));
    }
}
