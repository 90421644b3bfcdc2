package dev.coral.agent.plugin.cpuprofiler.symbols;

import dev.coral.agent.plugin.cpuprofiler.symbols.CxxNode.AbiTagged;
import dev.coral.agent.plugin.cpuprofiler.symbols.CxxNode.AddressOf;
import dev.coral.agent.plugin.cpuprofiler.symbols.CxxNode.ArrayType;
import dev.coral.agent.plugin.cpuprofiler.symbols.CxxNode.ConstructionVtable;
import dev.coral.agent.plugin.cpuprofiler.symbols.CxxNode.Conversion;
import dev.coral.agent.plugin.cpuprofiler.symbols.CxxNode.CvQualified;
import dev.coral.agent.plugin.cpuprofiler.symbols.CxxNode.Function;
import dev.coral.agent.plugin.cpuprofiler.symbols.CxxNode.FunctionType;
import dev.coral.agent.plugin.cpuprofiler.symbols.CxxNode.Lambda;
import dev.coral.agent.plugin.cpuprofiler.symbols.CxxNode.Local;
import dev.coral.agent.plugin.cpuprofiler.symbols.CxxNode.MemberPointer;
import dev.coral.agent.plugin.cpuprofiler.symbols.CxxNode.Operator;
import dev.coral.agent.plugin.cpuprofiler.symbols.CxxNode.Pack;
import dev.coral.agent.plugin.cpuprofiler.symbols.CxxNode.PackExpansion;
import dev.coral.agent.plugin.cpuprofiler.symbols.CxxNode.Pointer;
import dev.coral.agent.plugin.cpuprofiler.symbols.CxxNode.Qualified;
import dev.coral.agent.plugin.cpuprofiler.symbols.CxxNode.Special;
import dev.coral.agent.plugin.cpuprofiler.symbols.CxxNode.Structor;
import dev.coral.agent.plugin.cpuprofiler.symbols.CxxNode.Template;
import dev.coral.agent.plugin.cpuprofiler.symbols.CxxNode.Text;
import dev.coral.agent.plugin.cpuprofiler.symbols.CxxNode.Unsupported;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses one Itanium C++ ABI mangled name (https://itanium-cxx-abi.github.io/cxx-abi/abi.html#mangling)
 * into {@link CxxNode}s. The whole symbol is parsed, parameter types included, so a name is only
 * accepted when all of it is understood; what is not (expressions, decltype, vendor qualifiers...)
 * throws {@link Unsupported}. One instance per symbol: it holds the substitution table.
 */
final class ItaniumParser {
    /** Deep enough for real names, shallow enough that hostile input cannot overflow the stack. */
    private static final int MAX_DEPTH = 128;

    private static final Map<Character, String> BUILTINS = Map.ofEntries(
            Map.entry('v', "void"), Map.entry('w', "wchar_t"), Map.entry('b', "bool"), Map.entry('c', "char"),
            Map.entry('a', "signed char"), Map.entry('h', "unsigned char"), Map.entry('s', "short"),
            Map.entry('t', "unsigned short"), Map.entry('i', "int"), Map.entry('j', "unsigned int"),
            Map.entry('l', "long"), Map.entry('m', "unsigned long"), Map.entry('x', "long long"),
            Map.entry('y', "unsigned long long"), Map.entry('n', "__int128"), Map.entry('o', "unsigned __int128"),
            Map.entry('f', "float"), Map.entry('d', "double"), Map.entry('e', "long double"),
            Map.entry('g', "__float128"), Map.entry('z', "..."));

    /** Builtins spelled D + letter. */
    private static final Map<Character, String> D_BUILTINS = Map.ofEntries(
            Map.entry('d', "decimal64"), Map.entry('e', "decimal128"), Map.entry('f', "decimal32"),
            Map.entry('h', "half"), Map.entry('i', "char32_t"), Map.entry('s', "char16_t"), Map.entry('u', "char8_t"),
            Map.entry('a', "auto"), Map.entry('c', "decltype(auto)"), Map.entry('n', "decltype(nullptr)"));

    private static final Map<String, String> OPERATORS = Map.ofEntries(
            Map.entry("nw", "new"), Map.entry("na", "new[]"), Map.entry("dl", "delete"), Map.entry("da", "delete[]"),
            Map.entry("aw", "co_await"), Map.entry("ps", "+"), Map.entry("ng", "-"), Map.entry("ad", "&"),
            Map.entry("de", "*"), Map.entry("co", "~"), Map.entry("pl", "+"), Map.entry("mi", "-"),
            Map.entry("ml", "*"), Map.entry("dv", "/"), Map.entry("rm", "%"), Map.entry("an", "&"),
            Map.entry("or", "|"), Map.entry("eo", "^"), Map.entry("aS", "="), Map.entry("pL", "+="),
            Map.entry("mI", "-="), Map.entry("mL", "*="), Map.entry("dV", "/="), Map.entry("rM", "%="),
            Map.entry("aN", "&="), Map.entry("oR", "|="), Map.entry("eO", "^="), Map.entry("ls", "<<"),
            Map.entry("rs", ">>"), Map.entry("lS", "<<="), Map.entry("rS", ">>="), Map.entry("eq", "=="),
            Map.entry("ne", "!="), Map.entry("lt", "<"), Map.entry("gt", ">"), Map.entry("le", "<="),
            Map.entry("ge", ">="), Map.entry("ss", "<=>"), Map.entry("nt", "!"), Map.entry("aa", "&&"),
            Map.entry("oo", "||"), Map.entry("pp", "++"), Map.entry("mm", "--"), Map.entry("cm", ","),
            Map.entry("pm", "->*"), Map.entry("pt", "->"), Map.entry("cl", "()"), Map.entry("ix", "[]"),
            Map.entry("qu", "?"));

    private static final String CHAR_TRAITS = "std::char_traits<char>";

    /** {@code Sa}, {@code Ss}...: in full, as c++filt prints them; their constructors are named {@code base}. */
    private static final Map<Character, Text> STANDARD_SUBSTITUTIONS = Map.of(
            'a', new Text("std::allocator", "allocator"),
            'b', new Text("std::basic_string", "basic_string"),
            's', new Text("std::basic_string<char, " + CHAR_TRAITS + ", std::allocator<char> >", "basic_string"),
            'i', new Text("std::basic_istream<char, " + CHAR_TRAITS + " >", "basic_istream"),
            'o', new Text("std::basic_ostream<char, " + CHAR_TRAITS + " >", "basic_ostream"),
            'd', new Text("std::basic_iostream<char, " + CHAR_TRAITS + " >", "basic_iostream"));

    private final String in;
    private int pos;
    private int depth;
    private final List<CxxNode> substitutions = new ArrayList<>();
    /** The template arguments {@code T_}, {@code T0_}... refer to: those of the function being parsed. */
    private List<CxxNode> templateArgs;

    /** What the last parsed name says about the function type that follows it. */
    private static final class NameState {
        String qualifiers = "";
        boolean endsWithTemplateArgs;
        boolean structorOrConversion;
    }

    private ItaniumParser(String in, int start) {
        this.in = in;
        this.pos = start;
    }

    /**
     * Parses {@code _Z<encoding>} at the start of {@code symbol} into the form flame graphs use:
     * a function's qualified name without its parameter list.
     *
     * @return the name and where the parse stopped (a clone suffix such as {@code .isra.0} may follow)
     * @throws Unsupported when the symbol is not understood in full
     */
    static Result parse(String symbol) {
        if (!symbol.startsWith("_Z")) {
            throw new Unsupported("not an Itanium name");
        }
        ItaniumParser parser = new ItaniumParser(symbol, 2);
        CxxNode name = parser.encoding(true);
        return new Result(name, parser.pos);
    }

    /** A parsed name and the index just after it. */
    record Result(CxxNode name, int end) {
    }

    private CxxNode encoding(boolean topLevel) {
        enter();
        // A nested encoding (a local name's function, a function in a template argument) has
        // template arguments of its own: T_ after it refers to the outer ones again.
        List<CxxNode> outerTemplateArgs = templateArgs;
        try {
            if (peek() == 'G' || peek() == 'T') {
                return specialName();
            }
            NameState state = new NameState();
            CxxNode name = name(state);
            if (atEndOfEncoding()) {
                return name; // a variable
            }
            CxxNode returnType = state.endsWithTemplateArgs && !state.structorOrConversion ? type() : null;
            List<CxxNode> parameters = new ArrayList<>();
            do {
                parameters.add(type());
            } while (!atEndOfEncoding());
            // The flame graph form drops parameters, return type and qualifiers of the top-level function.
            return topLevel ? name : new Function(returnType, name, List.copyOf(parameters), state.qualifiers);
        } finally {
            depth--;
            if (!topLevel) {
                templateArgs = outerTemplateArgs;
            }
        }
    }

    private boolean atEndOfEncoding() {
        return pos >= in.length() || peek() == 'E' || peek() == '.';
    }

    private CxxNode specialName() {
        if (consume("TV")) {
            return new Special("vtable for ", type());
        } else if (consume("TT")) {
            return new Special("VTT for ", type());
        } else if (consume("TI")) {
            return new Special("typeinfo for ", type());
        } else if (consume("TS")) {
            return new Special("typeinfo name for ", type());
        } else if (consume("Th")) {
            callOffsetBody('h');
            return new Special("non-virtual thunk to ", encoding(false));
        } else if (consume("Tv")) {
            callOffsetBody('v');
            return new Special("virtual thunk to ", encoding(false));
        } else if (consume("Tc")) {
            callOffset();
            callOffset();
            return new Special("covariant return thunk to ", encoding(false));
        } else if (consume("TC")) {
            CxxNode complete = type();
            number();
            expect('_');
            return new ConstructionVtable(complete, type());
        } else if (consume("TH")) {
            return new Special("TLS init function for ", name(null));
        } else if (consume("TW")) {
            return new Special("TLS wrapper function for ", name(null));
        } else if (consume("GV")) {
            return new Special("guard variable for ", name(null));
        } else if (consume("GR")) {
            CxxNode of = name(null);
            int index = 0;
            if (peek() != '_') {
                index = seqId() + 1;
            }
            expect('_');
            return new Special("reference temporary #" + index + " for ", of);
        } else if (consume("GTt")) {
            return new Special("transaction clone for ", encoding(false));
        } else if (consume("GTn")) {
            return new Special("non-transaction clone for ", encoding(false));
        }
        throw new Unsupported("special name");
    }

    private void callOffset() {
        char kind = next();
        callOffsetBody(kind);
    }

    private void callOffsetBody(char kind) {
        number();
        expect('_');
        if (kind == 'v') {
            number();
            expect('_');
        } else if (kind != 'h') {
            throw new Unsupported("call offset");
        }
    }

    private CxxNode name(NameState state) {
        enter();
        try {
            char c = peek();
            if (c == 'N') {
                return nestedName(state);
            }
            if (c == 'Z') {
                return localName(state);
            }
            CxxNode result;
            boolean substitution = false;
            if (c == 'S' && peekAt(1) != 't') {
                result = substitution();
                substitution = true;
            } else {
                if (c == 'L' && Character.isDigit(peekAt(1))) {
                    pos++; // internal linkage
                }
                result = unqualifiedName(state, null);
            }
            if (peek() == 'I') {
                if (!substitution) {
                    substitutions.add(result); // an unscoped template name is substitutable
                }
                result = new Template(result, templateArgs(state != null));
                if (state != null) {
                    state.endsWithTemplateArgs = true;
                }
            } else if (substitution) {
                throw new Unsupported("a substitution as a name must take template arguments");
            }
            return result;
        } finally {
            depth--;
        }
    }

    private CxxNode nestedName(NameState state) {
        expect('N');
        String qualifiers = cvQualifiers();
        if (consume("R")) {
            qualifiers += " &";
        } else if (consume("O")) {
            qualifiers += " &&";
        }
        if (state != null) {
            state.qualifiers = qualifiers;
        } else if (!qualifiers.isEmpty()) {
            throw new Unsupported("qualified nested type name");
        }
        CxxNode soFar = null;
        while (!consume("E")) {
            if (peek() == 'L' && Character.isDigit(peekAt(1))) {
                pos++; // internal linkage
            }
            if (consume("M")) {
                if (soFar == null || peek() == 'E') {
                    throw new Unsupported("data member prefix");
                }
                continue;
            }
            char c = peek();
            if (c == 'T') {
                if (soFar != null) {
                    throw new Unsupported("template parameter inside a nested name");
                }
                soFar = templateParam();
            } else if (c == 'I') {
                if (soFar == null || soFar instanceof Template) {
                    throw new Unsupported("template arguments without a template");
                }
                soFar = new Template(soFar, templateArgs(state != null));
                if (state != null) {
                    state.endsWithTemplateArgs = true;
                }
            } else if (c == 'S' && peekAt(1) != 't') {
                if (soFar != null) {
                    throw new Unsupported("substitution inside a nested name");
                }
                soFar = substitution();
                continue; // not substitutable again
            } else {
                soFar = unqualifiedName(state, soFar);
                if (state != null) {
                    state.endsWithTemplateArgs = false;
                }
            }
            substitutions.add(soFar);
        }
        if (soFar == null) {
            throw new Unsupported("empty nested name");
        }
        substitutions.removeLast(); // the whole name is not a prefix of anything
        return soFar;
    }

    private CxxNode localName(NameState state) {
        expect('Z');
        CxxNode function = encoding(false);
        expect('E');
        if (function instanceof Function f && f.returnType() != null) {
            // c++filt shows no return type for the function a name is local to.
            function = new Function(null, f.name(), f.parameters(), f.qualifiers());
        }
        if (consume("s")) {
            discriminator();
            return new Local(function, new Text("string literal"));
        }
        if (peek() == 'd') {
            throw new Unsupported("default argument scope");
        }
        CxxNode entity = name(state);
        discriminator();
        return new Local(function, entity);
    }

    private void discriminator() {
        if (peek() != '_') {
            return;
        }
        if (peekAt(1) == '_') {
            pos += 2;
            digits();
            expect('_');
        } else if (Character.isDigit(peekAt(1))) {
            pos += 2;
        }
    }

    /** An unqualified name, as the last component of {@code scope} when it has one. */
    private CxxNode unqualifiedName(NameState state, CxxNode scope) {
        if (scope == null && consume("St")) {
            scope = new Text("std");
        }
        if (state != null) {
            state.structorOrConversion = false;
        }
        char c = peek();
        CxxNode name;
        if (Character.isDigit(c)) {
            name = sourceName();
        } else if (c == 'C' || c == 'D' && "01245".indexOf(peekAt(1)) >= 0) {
            name = structor(scope, state);
        } else if (c == 'U') {
            name = unnamedType();
        } else if (c >= 'a' && c <= 'z') {
            name = operatorName(state);
        } else {
            throw new Unsupported("unqualified name");
        }
        while (consume("B")) {
            name = new AbiTagged(name, identifier());
        }
        return scope == null ? name : new Qualified(scope, name);
    }

    private CxxNode structor(CxxNode scope, NameState state) {
        if (scope == null) {
            throw new Unsupported("constructor without a class");
        }
        boolean destructor = next() == 'D';
        boolean inheriting = !destructor && consume("I");
        char kind = next();
        if (destructor ? "01245".indexOf(kind) < 0 : "12345".indexOf(kind) < 0) {
            throw new Unsupported("structor kind");
        }
        if (inheriting) {
            type(); // the base class constructed from
        }
        if (state != null) {
            state.structorOrConversion = true;
        }
        return new Structor(scope.baseName(), destructor);
    }

    private CxxNode unnamedType() {
        if (consume("Ut")) {
            int number = peek() == '_' ? 1 : Math.addExact(number(), 2);
            expect('_');
            return new Text("{unnamed type#" + number + "}");
        }
        if (consume("Ul")) {
            if (peek() == 'T') {
                throw new Unsupported("lambda with template parameters");
            }
            List<CxxNode> parameters = new ArrayList<>();
            do {
                parameters.add(type());
            } while (peek() != 'E');
            expect('E');
            int number = peek() == '_' ? 1 : Math.addExact(number(), 2);
            expect('_');
            return new Lambda(List.copyOf(parameters), number);
        }
        throw new Unsupported("unnamed type");
    }

    private CxxNode operatorName(NameState state) {
        if (consume("cv")) {
            if (peek() == 'T') {
                // A conversion to a template parameter may refer forward to arguments not parsed yet.
                throw new Unsupported("conversion to a template parameter");
            }
            if (state != null) {
                state.structorOrConversion = true;
            }
            return new Conversion(type());
        }
        if (pos + 2 > in.length()) {
            throw new Unsupported("truncated operator");
        }
        String symbol = OPERATORS.get(in.substring(pos, pos + 2));
        if (symbol == null) {
            throw new Unsupported("operator " + in.substring(pos, pos + 2));
        }
        pos += 2;
        return new Operator(symbol);
    }

    private CxxNode sourceName() {
        String identifier = identifier();
        // GCC names anonymous namespaces _GLOBAL__N_1 (or with . or $): c++filt shows (anonymous namespace).
        if (identifier.length() >= 10 && identifier.startsWith("_GLOBAL_")
                && "._$".indexOf(identifier.charAt(8)) >= 0 && identifier.charAt(9) == 'N') {
            return new Text("(anonymous namespace)");
        }
        return new Text(identifier);
    }

    private String identifier() {
        int length = number();
        if (length <= 0 || length > in.length() - pos) {
            throw new Unsupported("identifier length");
        }
        String identifier = in.substring(pos, pos + length);
        pos += length;
        return identifier;
    }

    private List<CxxNode> templateArgs(boolean ofTheFunction) {
        expect('I');
        List<CxxNode> args = new ArrayList<>();
        if (ofTheFunction) {
            // c++filt and LLVM disagree on what T_ inside the list itself means: we do not guess.
            templateArgs = null;
        }
        while (!consume("E")) {
            args.add(templateArg());
        }
        if (ofTheFunction) {
            templateArgs = List.copyOf(args); // what T_, T0_... in the parameters refer to
        }
        return List.copyOf(args);
    }

    private CxxNode templateArg() {
        enter();
        try {
            char c = peek();
            if (c == 'J') {
                pos++;
                List<CxxNode> elements = new ArrayList<>();
                while (!consume("E")) {
                    elements.add(templateArg());
                }
                return new Pack(List.copyOf(elements));
            }
            if (c == 'L') {
                return literal();
            }
            if (c == 'X') {
                pos++;
                CxxNode expression = expression();
                expect('E');
                return expression;
            }
            return type();
        } finally {
            depth--;
        }
    }

    /** The expressions seen in template arguments of real code: a template parameter, {@code &name}. */
    private CxxNode expression() {
        if (peek() == 'T') {
            return templateParam();
        }
        if (peek() == 'L') {
            return literal();
        }
        if (consume("ad") && consume("L_Z")) {
            CxxNode target = encoding(false);
            expect('E');
            // As c++filt: &x and &A::f, but &(f()) for a function that is not a member.
            if (target instanceof Function f) {
                if (f.returnType() == null && f.qualifiers().isEmpty() && f.name() instanceof Qualified) {
                    return new AddressOf(f.name(), false);
                }
                if (f.returnType() == null && f.qualifiers().isEmpty() && f.name() instanceof Text) {
                    return new AddressOf(f, true);
                }
            } else if (target instanceof Text || target instanceof Qualified) {
                return new AddressOf(target, false);
            }
        }
        throw new Unsupported("expression");
    }

    private CxxNode literal() {
        expect('L');
        if (consume("_Z")) {
            CxxNode function = encoding(false);
            expect('E');
            return function;
        }
        char c = peek();
        if (c == 'D' || c == 'A' || c == 'f' || c == 'd' || c == 'e' || c == 'g') {
            throw new Unsupported("literal of this type");
        }
        CxxNode type = type();
        boolean negative = consume("n");
        int start = pos;
        digits();
        if (pos == start) {
            throw new Unsupported("literal value");
        }
        String value = (negative ? "-" : "") + in.substring(start, pos);
        expect('E');
        if (type instanceof Text text) {
            switch (text.text()) {
                case "int":
                    return new Text(value);
                case "unsigned int":
                    return new Text(value + "u");
                case "long":
                    return new Text(value + "l");
                case "unsigned long":
                    return new Text(value + "ul");
                case "long long":
                    return new Text(value + "ll");
                case "unsigned long long":
                    return new Text(value + "ull");
                case "bool":
                    if (value.equals("0") || value.equals("1")) {
                        return new Text(value.equals("1") ? "true" : "false");
                    }
                    break;
                default:
                    break;
            }
        }
        StringBuilder cast = new StringBuilder("(");
        type.print(cast);
        return new Text(cast.append(')').append(value).toString());
    }

    private CxxNode type() {
        enter();
        try {
            char c = peek();
            String builtin = BUILTINS.get(c);
            if (builtin != null) {
                pos++;
                return new Text(builtin);
            }
            CxxNode result;
            switch (c) {
                case 'r', 'V', 'K' -> {
                    String qualifiers = cvQualifiers();
                    if ("rVK".indexOf(peek()) >= 0) {
                        throw new Unsupported("repeated qualifiers");
                    }
                    CxxNode inner = type();
                    result = inner instanceof FunctionType f
                            ? new FunctionType(f.returnType(), f.parameters(), qualifiers + f.qualifiers())
                            : new CvQualified(inner, qualifiers);
                }
                case 'P' -> {
                    pos++;
                    result = new Pointer(type(), "*");
                }
                case 'R' -> {
                    pos++;
                    result = new Pointer(type(), "&");
                }
                case 'O' -> {
                    pos++;
                    result = new Pointer(type(), "&&");
                }
                case 'F' -> result = functionType();
                case 'A' -> result = arrayType();
                case 'M' -> {
                    pos++;
                    CxxNode owner = type();
                    result = new MemberPointer(owner, type());
                }
                case 'T' -> {
                    result = templateParam();
                    if (peek() == 'I') {
                        substitutions.add(result); // a template template parameter
                        result = new Template(result, templateArgs(false));
                    }
                }
                case 'u' -> {
                    pos++;
                    result = sourceName();
                }
                case 'S' -> {
                    if (peekAt(1) == 't') {
                        result = name(null);
                    } else {
                        CxxNode substitution = substitution();
                        if (peek() != 'I') {
                            return substitution; // already in the table
                        }
                        result = new Template(substitution, templateArgs(false));
                    }
                }
                case 'D' -> result = dType();
                default -> {
                    if (c == 'N' || c == 'Z' || c == 'U' || Character.isDigit(c)) {
                        result = name(null);
                    } else {
                        throw new Unsupported("type " + c);
                    }
                }
            }
            substitutions.add(result);
            return result;
        } finally {
            depth--;
        }
    }

    private CxxNode dType() {
        char kind = peekAt(1);
        String builtin = D_BUILTINS.get(kind);
        if (builtin != null) {
            pos += 2;
            return new Text(builtin);
        }
        if (kind == 'p') {
            pos += 2;
            return new PackExpansion(type());
        }
        throw new Unsupported("type D" + kind);
    }

    private CxxNode functionType() {
        expect('F');
        consume("Y"); // extern "C": not printed
        CxxNode returnType = type();
        List<CxxNode> parameters = new ArrayList<>();
        String qualifiers = "";
        while (!consume("E")) {
            if (consume("RE")) {
                qualifiers = " &";
                break;
            }
            if (consume("OE")) {
                qualifiers = " &&";
                break;
            }
            parameters.add(type());
        }
        if (parameters.isEmpty()) {
            throw new Unsupported("function type without parameters");
        }
        return new FunctionType(returnType, List.copyOf(parameters), qualifiers);
    }

    private CxxNode arrayType() {
        expect('A');
        int start = pos;
        digits();
        if (pos == start && peek() != '_') {
            throw new Unsupported("array dimension expression");
        }
        String dimension = in.substring(start, pos);
        expect('_');
        return new ArrayType(type(), dimension);
    }

    private CxxNode templateParam() {
        expect('T');
        int index = peek() == '_' ? 0 : Math.addExact(number(), 1);
        expect('_');
        if (templateArgs == null || index >= templateArgs.size()) {
            throw new Unsupported("template parameter without its argument");
        }
        return templateArgs.get(index);
    }

    private CxxNode substitution() {
        expect('S');
        Text standard = STANDARD_SUBSTITUTIONS.get(peek());
        if (standard != null) {
            pos++;
            return standard;
        }
        int index = peek() == '_' ? 0 : Math.addExact(seqId(), 1);
        expect('_');
        if (index >= substitutions.size()) {
            throw new Unsupported("substitution out of range");
        }
        return substitutions.get(index);
    }

    /** Base 36, digits then upper case letters. */
    private int seqId() {
        int value = 0;
        int start = pos;
        while (pos < in.length() && (Character.isDigit(peek()) || peek() >= 'A' && peek() <= 'Z')) {
            value = Math.addExact(Math.multiplyExact(value, 36), Character.digit(next(), 36));
        }
        if (pos == start) {
            throw new Unsupported("sequence id");
        }
        return value;
    }

    private String cvQualifiers() {
        boolean restrict = consume("r");
        boolean isVolatile = consume("V");
        boolean isConst = consume("K");
        return (isConst ? " const" : "") + (isVolatile ? " volatile" : "") + (restrict ? " restrict" : "");
    }

    /** A non-negative decimal number, or negative with an {@code n} prefix. */
    private int number() {
        boolean negative = consume("n");
        int start = pos;
        int value = 0;
        while (pos < in.length() && Character.isDigit(peek())) {
            value = Math.addExact(Math.multiplyExact(value, 10), next() - '0');
        }
        if (pos == start) {
            throw new Unsupported("number");
        }
        return negative ? -value : value;
    }

    private void digits() {
        while (pos < in.length() && Character.isDigit(peek())) {
            pos++;
        }
    }

    private void enter() {
        if (++depth > MAX_DEPTH) {
            throw new Unsupported("nested too deeply");
        }
    }

    private char peek() {
        return peekAt(0);
    }

    private char peekAt(int ahead) {
        return pos + ahead < in.length() ? in.charAt(pos + ahead) : '\0';
    }

    private char next() {
        if (pos >= in.length()) {
            throw new Unsupported("truncated");
        }
        return in.charAt(pos++);
    }

    private void expect(char c) {
        if (next() != c) {
            throw new Unsupported("expected " + c);
        }
    }

    private boolean consume(String prefix) {
        if (in.startsWith(prefix, pos)) {
            pos += prefix.length();
            return true;
        }
        return false;
    }
}
