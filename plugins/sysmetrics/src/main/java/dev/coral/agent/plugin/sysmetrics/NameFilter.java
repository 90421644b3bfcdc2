package dev.coral.agent.plugin.sysmetrics;

import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which names (devices, mount points, filesystem types, interfaces) a scraper keeps: a name is
 * kept when the include list is empty or one include pattern matches it, and no exclude pattern
 * matches it.
 *
 * <p>A pattern is a glob matched against the whole name: {@code *} is any run of characters
 * (including {@code /}, so {@code /run/*} also covers {@code /run/user/1000}), {@code ?} is one
 * character, everything else is literal. A pattern starting with {@code regex:} is a Java regular
 * expression, also matched against the whole name. Globs because most names people exclude are
 * prefixes ({@code veth*}, {@code loop*}); the regex form is there for the rest.
 */
public final class NameFilter {
    public static final String REGEX_PREFIX = "regex:";

    private final List<String> include;
    private final List<String> exclude;
    private final List<Pattern> includePatterns;
    private final List<Pattern> excludePatterns;

    private NameFilter(List<String> include, List<String> exclude) {
        this.include = List.copyOf(include);
        this.exclude = List.copyOf(exclude);
        this.includePatterns = compile(this.include);
        this.excludePatterns = compile(this.exclude);
    }

    /**
     * Compiles the patterns.
     *
     * @throws PatternSyntaxException when a {@code regex:} pattern is not a valid regular expression
     */
    public static NameFilter of(List<String> include, List<String> exclude) {
        return new NameFilter(include, exclude);
    }

    /** Keeps every name. */
    public static NameFilter all() {
        return of(List.of(), List.of());
    }

    public boolean keeps(String name) {
        if (!includePatterns.isEmpty() && includePatterns.stream().noneMatch(p -> p.matcher(name).matches())) {
            return false;
        }
        return excludePatterns.stream().noneMatch(p -> p.matcher(name).matches());
    }

    /** The include patterns as configured. */
    public List<String> include() {
        return include;
    }

    /** The exclude patterns as configured. */
    public List<String> exclude() {
        return exclude;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NameFilter f && f.include.equals(include) && f.exclude.equals(exclude);
    }

    @Override
    public int hashCode() {
        return include.hashCode() * 31 + exclude.hashCode();
    }

    @Override
    public String toString() {
        return "include=" + include + " exclude=" + exclude;
    }

    /** One pattern as a compiled regular expression. */
    public static Pattern compile(String pattern) {
        if (pattern.startsWith(REGEX_PREFIX)) {
            return Pattern.compile(pattern.substring(REGEX_PREFIX.length()));
        }
        StringBuilder regex = new StringBuilder(pattern.length() + 8);
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '*' || c == '?') {
                appendLiteral(regex, literal);
                regex.append(c == '*' ? ".*" : ".");
            } else {
                literal.append(c);
            }
        }
        appendLiteral(regex, literal);
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }

    private static void appendLiteral(StringBuilder regex, StringBuilder literal) {
        if (!literal.isEmpty()) {
            regex.append(Pattern.quote(literal.toString()));
            literal.setLength(0);
        }
    }

    private static List<Pattern> compile(List<String> patterns) {
        return patterns.stream().map(NameFilter::compile).toList();
    }
}
